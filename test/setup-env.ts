import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes ~/.n8n/config on load unless pointed elsewhere; keep every test run in its own folder.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-sagemaker-test-'));
// n8n-core logs every node error through winston; the tests assert on those errors instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
// The AWS SDK (our test oracle) warns about Node 20 on every process start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
