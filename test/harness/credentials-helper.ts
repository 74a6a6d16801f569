import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/**
 * The credentials side of `IWorkflowExecuteAdditionalData`. The real implementation lives in
 * the n8n CLI (`packages/cli/src/credentials-helper.ts`) and reads encrypted credentials from
 * the database; this one holds decrypted data in memory and otherwise follows the CLI's logic
 * for what a node can observe: credential defaults are filled in, expressions in credential
 * data are resolved, and `authenticate` is applied (a function, or a generic
 * headers/qs/body/auth map resolved with the workflow's expression engine).
 * Not supported: OAuth flows, `preAuthentication`, credential overwrites, external secrets.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		credentialTypes: ICredentialType[],
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	private getType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(`Unknown credential type "${name}": pass it in credentialTypes`);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((name) => nodeType.endsWith(`.${name}`));
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const type = this.getType(typeName);
		if (!type.extends) return type.properties;
		// As in n8n: parents first, then the type's own properties take precedence.
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError('Generic credential authentication needs the workflow and node');
			}
			// `properties` is e.g. { headers: { 'X-Key': '={{$credentials.apiKey}}' } }; each key and
			// value may be an expression over `$credentials`.
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					const resolvedKey = this.resolveValue(key, credentials, workflow, node);
					target[section][resolvedKey] = this.resolveValue(value, credentials, workflow, node);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Resolves `={{$credentials.x}}` as the CLI does, with the workflow's expression engine. */
	private resolveValue(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return String(value);
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value as string,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	// No credential refresh: a node's requests go out with the stored data as is.
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	/** An encrypted credential entity, as the CLI would load it from its database. */
	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.getStoredData(type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = { ...this.getStoredData(type) };
		if (raw === true) return stored;

		// Fill in the credential type's defaults, e.g. a Base URL the user never changed.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (!expressionResolveValues) return withDefaults;

		// Credential fields may themselves be expressions (e.g. `={{ $json.token }}`).
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		return workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			runExecutionData,
			runIndex,
			itemIndex,
			node.name,
			connectionInputData,
			mode,
			getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
			executeData,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	private getStoredData(type: string): ICredentialDataDecryptedObject {
		const stored = this.data[type];
		if (!stored) {
			throw new UnexpectedError(`No credentials of type "${type}" were given to runNode()`);
		}
		return stored;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...this.data[type], oauthTokenData: data.oauthTokenData };
	}
}
