/** How AWS answers become item JSON: camel-cased member names, ISO timestamps, Name/Value lists as objects. */
import {
	camelCaseKey,
	isoTime,
	nameValueObject,
	toOutput,
} from '../../../../nodes/AwsSageMakerPipelines/helpers/awsOutput';

test.each([
	['PipelineExecutionArn', 'pipelineExecutionArn'],
	['ModelPackageVersion', 'modelPackageVersion'],
	// A leading acronym is lowered, the word after it keeps its capital.
	['SQSQueueUrl', 'sqsQueueUrl'],
	['KMSKeyId', 'kmsKeyId'],
	['S3Uri', 's3Uri'],
	// All capitals: one word.
	['ARN', 'arn'],
	// Brand names the rule above would mangle.
	['MLflowConfig', 'mlflowConfig'],
	// Already camel-cased, or empty: unchanged.
	['token', 'token'],
	['', ''],
])('%p → %p', (key, expected) => {
	expect(camelCaseKey(key)).toBe(expected);
});

test('isoTime turns epoch seconds (with fractions) into ISO 8601, to the millisecond', () => {
	expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
	expect(isoTime(1767225600.1234)).toBe('2026-01-01T00:00:00.123Z');
	expect(isoTime(1767225600.9996)).toBe('2026-01-01T00:00:01.000Z');
});

test('toOutput camel-cases every level, turns numbers under "…Time" members into ISO text, and leaves the rest', () => {
	const answer = {
		PipelineExecutionArn: 'arn:x',
		CreationTime: 1767225600,
		StartTime: 'already text',
		PipelineExperimentConfig: { ExperimentName: 'e', TrialName: 't' },
		PipelineExecutionSteps: [
			{
				StepName: 'Train',
				EndTime: 1767225660.5,
				AttemptCount: 2,
				Metadata: { TrainingJob: { Arn: 'arn:t' } },
			},
		],
		Empty: null,
	};
	expect(toOutput(answer)).toEqual({
		pipelineExecutionArn: 'arn:x',
		creationTime: '2026-01-01T00:00:00.000Z',
		startTime: 'already text',
		pipelineExperimentConfig: { experimentName: 'e', trialName: 't' },
		pipelineExecutionSteps: [
			{
				stepName: 'Train',
				endTime: '2026-01-01T00:01:00.500Z',
				attemptCount: 2,
				metadata: { trainingJob: { arn: 'arn:t' } },
			},
		],
		empty: null,
	});
	// A copy: the answer itself is left as it was.
	expect(answer.PipelineExperimentConfig).toEqual({ ExperimentName: 'e', TrialName: 't' });
});

test('nameValueObject: a Name/Value list as an object, undefined as undefined', () => {
	expect(
		nameValueObject([
			{ Name: 'threshold', Value: '0.9' },
			{ Name: 'InputDataUrl', Value: 's3://bucket/data.csv' },
		]),
	).toEqual({ threshold: '0.9', InputDataUrl: 's3://bucket/data.csv' });
	expect(nameValueObject([])).toEqual({});
	expect(nameValueObject(undefined)).toBeUndefined();
});
