package aws

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

type logGroup = types.LogGroup

type logEvent = types.FilteredLogEvent

func newLogGroupPager(c *Clients, name string) *cloudwatchlogs.DescribeLogGroupsPaginator {
	return cloudwatchlogs.NewDescribeLogGroupsPaginator(c.Logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
}

func logGroups(o *cloudwatchlogs.DescribeLogGroupsOutput) []types.LogGroup { return o.LogGroups }
