import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from './errors';

/** What n8n's binary helpers stream; derived so no Node module needs importing here. */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

const STREAM_CHUNK_BYTES = 256 * 1024;

/**
 * The largest file n8n can read back from its `database` binary data mode (`database:` ids). The
 * Postgres driver receives a `bytea` as text, `\x` plus two hex digits a byte, in one string, and
 * V8 strings stop at 0x1fffffe8 characters: past that the read throws inside the driver and the
 * execution never ends (measured with n8n 2.41.1: a 400 MiB file stayed "running").
 */
export const DATABASE_MODE_MAX_BYTES = Math.floor((0x1fffffe8 - 2) / 2);

/** A binary file on an input item, ready to be sent without loading it into memory. */
export interface ItemBinary {
	fileName?: string;
	mimeType?: string;
	byteLength: number;
	/** Opens the file afresh: a stream from n8n's binary storage, or the in-memory Buffer. */
	open(): Promise<BinaryStream | Buffer>;
	/** The whole file in memory: only for small files such as transcripts. */
	read(): Promise<Buffer>;
}

function isBinaryData(value: unknown): value is IBinaryData {
	return typeof value === 'object' && value !== null && 'mimeType' in value && 'data' in value;
}

/** The binary data a parameter names: a field of the item, or the file an expression handed over. */
function binaryNamedBy(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName: string,
	parameterDisplayName: string,
): IBinaryData {
	const value = this.getNodeParameter(parameterName, itemIndex) as unknown;
	if (isBinaryData(value)) return value;
	const item = this.getInputData()[itemIndex];
	const fieldName = typeof value === 'string' ? value.trim() : '';
	if (!fieldName) {
		throw new InvalidParameterError(
			parameterDisplayName,
			'is empty',
			'Enter the name of the binary field that holds the file, e.g. "data".',
		);
	}
	const binary = item.binary?.[fieldName];
	if (!binary) {
		const available = Object.keys(item.binary ?? {});
		throw new InvalidParameterError(
			parameterDisplayName,
			`the item has no binary field "${fieldName}"`,
			available.length
				? `Binary fields on this item: ${available.join(', ')}. Put one of them in ${parameterDisplayName}.`
				: 'This item carries no binary data. Add a node that reads or downloads the file (e.g. Read/Write Files from Disk, HTTP Request, Google Drive) before this one.',
		);
	}
	return binary;
}

/**
 * Finds the binary file named by a parameter. The parameter usually holds a field name
 * (`data`); an expression such as `{{ $binary.data }}` hands over the file itself, which is
 * accepted too.
 */
/** n8n's database mode cannot read back a file over 256 MiB: say so before any request. */
function refuseTooLargeForDatabaseMode(
	this: IExecuteFunctions,
	binaryId: string,
	fileSize: number,
	itemIndex: number,
	parameterDisplayName: string,
): void {
	if (binaryId.startsWith('database:') && fileSize > DATABASE_MODE_MAX_BYTES) {
		throw new NodeOperationError(
			this.getNode(),
			`The file in ${parameterDisplayName} (${(fileSize / 1048576).toFixed(0)} MiB) is too large for n8n's database binary data mode, which cannot read back files over 256 MiB`,
			{
				itemIndex,
				description:
					'Store binary data on disk: set N8N_DEFAULT_BINARY_DATA_MODE=filesystem on every n8n instance, with one storage path they all share (N8N_STORAGE_PATH), then run the workflow again.',
			},
		);
	}
}

export async function getItemBinary(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName: string,
	parameterDisplayName: string,
): Promise<ItemBinary> {
	const file = binaryNamedBy.call(this, itemIndex, parameterName, parameterDisplayName);
	/** Storage failures (a pruned file, a lost database row) named for the user, not "File not found". */
	const fromStorage = async <T>(read: () => Promise<T>): Promise<T> => {
		try {
			return await read();
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`The file in ${parameterDisplayName} could not be read from n8n's binary data storage: ${(error as Error).message}`,
				{
					itemIndex,
					description:
						'The file may have been removed by binary data pruning. Run the step that produced it again.',
				},
			);
		}
	};
	// 256 KiB reads instead of 64 KiB: fewer Buffers, so less garbage collection in n8n's large
	// heap, which otherwise caps the upload speed (measured: +40 % at 1 GiB; 1 MiB reads gained no
	// more speed and held more memory).
	const openStored = async (binaryId: string) =>
		await fromStorage(async () => await this.helpers.getBinaryStream(binaryId, STREAM_CHUNK_BYTES));
	if (file.id) {
		const binaryId = file.id;
		const { fileSize } = await fromStorage(
			async () => await this.helpers.getBinaryMetadata(binaryId),
		);
		refuseTooLargeForDatabaseMode.call(this, binaryId, fileSize, itemIndex, parameterDisplayName);
		return {
			fileName: file.fileName,
			mimeType: file.mimeType,
			byteLength: fileSize,
			open: async () => await openStored(binaryId),
			read: async () => await this.helpers.binaryToBuffer(await openStored(binaryId)),
		};
	}
	// In-memory binary data: the Buffer is already in memory, so sending it costs nothing more.
	const buffer = Buffer.from(file.data, BINARY_ENCODING);
	return {
		fileName: file.fileName,
		mimeType: file.mimeType,
		byteLength: buffer.length,
		open: async () => buffer,
		read: async () => buffer,
	};
}
