package aispm

import (
	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
)

func tableAIActivity() *tableDef {
	return &tableDef{
		name:        "aispm_ai_activity",
		description: "Every AI call the clouds' audit and invocation logs record, in one shape: CloudTrail management events and Bedrock invocation logs, the Azure Activity Log and Cloud Audit Logs. The detections benchmark reads it.",
		unified:     true,
		timeKeys:    []string{"event_time"},
		noCache:     true,
		listTags:    activityLimiterTags,
		sources: []source{
			unified(cloudTrailEvents, func(e *aws.CloudTrailEvent) cloud.Row { return &e.Activity }),
			unified(bedrockInvocations, func(e *aws.BedrockInvocation) cloud.Row { return &e.Activity }),
			unified(azureActivityEvents, func(e *azure.ActivityEvent) cloud.Row { return &e.Activity }),
			unified(gcpAuditEvents, func(e *gcp.AuditEvent) cloud.Row { return &e.Activity }),
		},
		columns: activityColumns(),
	}
}
