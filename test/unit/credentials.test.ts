import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ClaapApi } from '../../credentials/ClaapApi.credentials';
import { CLAAP_DEFAULT_BASE_URL } from '../../nodes/Claap/helpers/apiContract';
import { Claap } from '../../nodes/Claap/Claap.node';
import { HarnessNodeTypes } from '../harness/node-types';

describe('Claap API credential test', () => {
	const node: INode = {
		id: '1',
		name: 'Claap',
		type: 'n8n-nodes-claap.claap',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, new Claap());
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

	/** The test request's base URL, resolved with `$credentials` as n8n's routing node resolves it. */
	function baseUrlFor(baseUrl: string | undefined): unknown {
		const expression = new ClaapApi().test.request.baseURL as string;
		return workflow.expression.getSimpleParameterValue(node, expression, 'internal', {
			$credentials: { apiKey: 'cla_test', ...(baseUrl === undefined ? {} : { baseUrl }) },
		} as never);
	}

	it.each([
		['https://api.claap.io', 'https://api.claap.io'],
		['http://127.0.0.1:4010///', 'http://127.0.0.1:4010'],
		// Left empty: Claap's own URL, as the node itself falls back to.
		['', CLAAP_DEFAULT_BASE_URL],
		[undefined, CLAAP_DEFAULT_BASE_URL],
	])('calls %j as %s', (baseUrl, expected) => {
		expect(baseUrlFor(baseUrl)).toBe(expected);
	});
});
