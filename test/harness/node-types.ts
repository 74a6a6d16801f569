import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/**
 * The node that feeds the node under test. Like a Manual Trigger whose output is pinned in
 * the editor: the harness pins the test's items on it, so the engine never calls `execute`
 * and hands those items on exactly as given (binary references included).
 */
export class HarnessInput implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Harness Input',
		name: 'harnessInput',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items pinned on it',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** The registry a `Workflow` resolves `node.type` against (n8n loads its own from packages). */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(typeName: string, nodeType: INodeType | IVersionedNodeType): void {
		this.types.set(typeName, nodeType);
	}

	getByName(typeName: string): INodeType | IVersionedNodeType {
		const nodeType = this.types.get(typeName);
		if (!nodeType) throw new UnexpectedError(`Unknown node type "${typeName}"`);
		return nodeType;
	}

	getByNameAndVersion(typeName: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(typeName), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
