import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestPolicy } from '../transport';
import { requestPolicyFrom } from '../transport';

/** The retry and timeout policy the item's Options ask for. */
export function requestPolicyOf(this: IExecuteFunctions, itemIndex: number): RequestPolicy {
	return requestPolicyFrom(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
}
