package aws

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Service names as they appear in aispm_scope_status and in SigV4 scopes.
const (
	SageMaker     = "sagemaker"
	STS           = "sts"
	Bedrock       = "bedrock"
	BedrockAgents = "bedrock-agent"
	IAM           = "iam"
	S3            = "s3"
	Logs          = "logs"
)

// Global is the region of an account-wide service's single scope (IAM); its
// calls are signed for the partition's global region.
const Global = "global"

// globalServices are queried once per account, not per region.
var globalServices = map[string]bool{IAM: true}

// commercialRegions are the regions of the standard "aws" partition that host AI services.
var commercialRegions = []string{
	"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
	"ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
	"eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
	"me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
	"us-west-2",
}

// isolatedRegions are only queried when named explicitly (their credentials differ).
var isolatedRegions = []string{"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1"}

// serviceRegions lists where each service is offered; a service absent here is
// offered in every known region.
var serviceRegions = map[string][]string{
	Bedrock:            bedrockRegions,
	BedrockAgents:      bedrockRegions,
	BedrockInvocations: bedrockRegions,
}

var bedrockRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
	"eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-2",
	"us-gov-east-1", "us-gov-west-1",
}

var regionPattern = regexp.MustCompile(`^[a-z0-9*?-]+$`)

// ValidateRegionPatterns checks aws_regions: every entry is a known region or a
// wildcard pattern that matches at least one.
func ValidateRegionPatterns(patterns []string) error {
	for _, p := range patterns {
		if !regionPattern.MatchString(p) {
			return fmt.Errorf("aws_regions: %q is not a region or wildcard pattern (letters, digits, '-', '*', '?')", p)
		}
		if len(matchRegions(p)) == 0 {
			if strings.ContainsAny(p, "*?") {
				return fmt.Errorf("aws_regions: pattern %q matches no AWS region", p)
			}
			return fmt.Errorf("aws_regions: unknown region %q", p)
		}
	}
	return nil
}

func matchRegions(pattern string) []string {
	var out []string
	wild := strings.ContainsAny(pattern, "*?")
	for _, r := range commercialRegions {
		if ok, _ := path.Match(pattern, r); ok {
			out = append(out, r)
		}
	}
	for _, r := range isolatedRegions {
		// a wildcard reaches an isolated partition only when it names it
		if wild && !strings.HasPrefix(pattern, partitionPrefix(r)) {
			continue
		}
		if ok, _ := path.Match(pattern, r); ok {
			out = append(out, r)
		}
	}
	return out
}

// Regions expands the configured patterns and keeps the regions that offer
// service; an account-wide service has the one region Global.
func Regions(patterns []string, service string) []string {
	if globalServices[service] {
		if len(patterns) == 0 {
			return nil
		}
		return []string{Global}
	}
	var out []string
	offered := serviceRegions[service]
	for _, p := range patterns {
		for _, r := range matchRegions(p) {
			if offered != nil && !slices.Contains(offered, r) {
				continue
			}
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Offers reports whether service is offered in region.
func Offers(service, region string) bool {
	if globalServices[service] || region == Global {
		return globalServices[service] && region == Global
	}
	offered, ok := serviceRegions[service]
	return !ok || slices.Contains(offered, region)
}

// partitionPrefix is the region-name prefix of an isolated partition.
func partitionPrefix(region string) string {
	if strings.HasPrefix(region, "us-gov-") {
		return "us-gov-"
	}
	return "cn-"
}
