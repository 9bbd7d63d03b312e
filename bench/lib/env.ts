/**
 * Import first in every benchmark process: environment for n8n-core and the AWS SDK. n8n-core writes `~/.n8n/config` on
 * load unless N8N_USER_FOLDER points elsewhere (test/setup-env.ts does the same for jest).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-sagemaker-bench-'));
// n8n-core otherwise generates one and announces it on stdout, in the middle of the report.
process.env.N8N_ENCRYPTION_KEY ??= 'bench-only-encryption-key';
// The SDK warns that releases from 2027 need Node 22; true, and not what the benchmarks are about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
