/**
 * Describe a model package: what a reviewer (or an IF node) decides on, flattened to the top of the item —
 * approval status and description, container images and model data URL, the customer metadata properties
 * (where teams record metric values), the S3 URIs of the ModelMetrics reports (SageMaker stores only
 * pointers, not the numbers) and the pipeline execution that registered the package
 * (MetadataProperties.GeneratedBy) — with SageMaker's whole answer, camel-cased, under `response`.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../../../shared/arn';
import { toOutputObject } from '../../helpers/awsOutput';
import { describeModelPackage, type DescribedModelPackage } from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import { checkModelPackageName } from './checks';
import { modelPackageArnField } from './descriptions';

export const subtitle = 'Describe Model Package';
export const option = {
	name: 'Describe',
	value: 'describe',
	action: 'Describe a model package',
	description:
		'Get the approval status, images, model data, metadata and metrics of a model package version',
};

export const properties: INodeProperties[] = [
	modelPackageArnField('The model package version to describe, as List outputs it (its ARN)'),
	optionsField([maxConcurrentRequestsOption]),
];

/** The S3 URI of each ModelMetrics report, keyed "modelQualityStatistics", "biasReport", ... */
function metricsUris(metrics: DescribedModelPackage['ModelMetrics']): IDataObject {
	const uris: IDataObject = {};
	for (const [category, reports] of Object.entries(metrics ?? {})) {
		for (const [report, source] of Object.entries(reports ?? {})) {
			if (typeof source?.S3Uri === 'string')
				uris[`${category.charAt(0).toLowerCase()}${category.slice(1)}${report}`] = source.S3Uri;
		}
	}
	return uris;
}

const EXECUTION_ARN =
	/^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:pipeline\/[^/]+\/execution\/[^/]+$/;

function modelPackageJson(described: DescribedModelPackage, requestId?: string): IDataObject {
	const response = toOutputObject(described);
	const containers = described.InferenceSpecification?.Containers ?? [];
	const generatedBy = described.MetadataProperties?.GeneratedBy;
	const registeredBy =
		generatedBy && EXECUTION_ARN.test(generatedBy)
			? { pipelineExecutionArn: generatedBy, ...parsePipelineExecutionArn(generatedBy) }
			: {};
	return {
		modelPackageArn: response.modelPackageArn,
		modelPackageGroupName: response.modelPackageGroupName,
		modelPackageVersion: response.modelPackageVersion,
		modelPackageStatus: response.modelPackageStatus,
		modelApprovalStatus: response.modelApprovalStatus,
		approvalDescription: response.approvalDescription ?? '',
		modelPackageDescription: response.modelPackageDescription ?? '',
		creationTime: response.creationTime,
		lastModifiedTime: response.lastModifiedTime,
		images: containers
			.map((container) => container.Image)
			.filter((image): image is string => typeof image === 'string'),
		modelDataUrl: containers.find((container) => container.ModelDataUrl)?.ModelDataUrl ?? '',
		// Keys stay as the team wrote them: "{{ $json.customerMetadataProperties.accuracy }}".
		customerMetadataProperties: { ...described.CustomerMetadataProperties },
		modelMetrics: metricsUris(described.ModelMetrics),
		...(generatedBy ? { generatedBy } : {}),
		...registeredBy,
		...(requestId ? { awsRequestId: requestId } : {}),
		response,
	};
}

export const execute: OperationExecute = async function (itemIndex, client) {
	const modelPackage = checkModelPackageName(
		this.getNodeParameter('modelPackageArn', itemIndex, undefined, { extractValue: true }),
	);
	const { output, requestId } = await describeModelPackage(client, modelPackage);
	return modelPackageJson(output, requestId);
};
