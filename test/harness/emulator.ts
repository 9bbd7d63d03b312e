/** Jest wiring for the emulator: one per test file, state reset before each test. */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorCredentialData } from '../../tools/emulator/credential';
import { chain, runWorkflow, sageMakerNode, startNode, type RunResult } from './engine';

export function useEmulator(): { readonly emulator: Emulator } {
	const holder = {} as { emulator: Emulator };
	beforeAll(async () => {
		holder.emulator = await startEmulator();
	});
	beforeEach(() => holder.emulator.reset());
	afterAll(async () => await holder.emulator.close());
	return holder;
}

/** The credential a user would create for the emulator: custom endpoints on, all three pointed at it. */
export function emulatorCredential(
	emulator: Emulator,
	overrides: IDataObject = {},
): ICredentialDataDecryptedObject {
	return emulatorCredentialData(emulator, {
		sessionToken: '',
		...overrides,
	}) as ICredentialDataDecryptedObject;
}

/** Start → AWS SageMaker Pipelines, run with the given items. */
export async function runNode(
	emulator: Emulator,
	parameters: INode['parameters'],
	input: IDataObject[],
	options: { credential?: IDataObject; node?: Partial<INode> } = {},
): Promise<RunResult> {
	return await runWorkflow({
		nodes: [startNode(), sageMakerNode(parameters, options.node)],
		connections: chain('Start', 'SageMaker'),
		credentials: { awsSageMakerApi: emulatorCredential(emulator, options.credential) },
		input,
	});
}

/** Requests the emulator received for an operation. */
export function requestsFor(emulator: Emulator, operation: string) {
	return emulator.requests.filter((request) => request.operation === operation);
}
