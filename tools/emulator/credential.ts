/**
 * The `awsSageMakerApi` credential data a user would enter for this emulator: its fake keys and
 * region, custom endpoints on, all three pointed at it. Shared by the engine tests, the real-n8n
 * tests, the demo and the benchmarks, so they all configure n8n the same way.
 */
import { EMULATOR_CREDENTIALS } from './index';

export function emulatorCredentialData(
	emulator: { url: string },
	overrides: Record<string, unknown> = {},
) {
	return {
		region: EMULATOR_CREDENTIALS.region,
		accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
		secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		customEndpoints: true,
		sageMakerEndpoint: emulator.url,
		sqsEndpoint: emulator.url,
		stsEndpoint: emulator.url,
		...overrides,
	};
}

/** As `n8n import:credentials` takes it. */
export function emulatorN8nCredential(
	emulator: { url: string },
	reference: { id: string; name: string },
	overrides: Record<string, unknown> = {},
) {
	return {
		...reference,
		type: 'awsSageMakerApi',
		data: emulatorCredentialData(emulator, overrides),
	};
}
