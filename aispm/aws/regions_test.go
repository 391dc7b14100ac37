package aws

import (
	"slices"
	"strings"
	"testing"
)

func TestRegions(t *testing.T) {
	cases := []struct {
		patterns []string
		service  string
		want     []string
	}{
		{[]string{"us-east-1"}, SageMaker, []string{"us-east-1"}},
		{[]string{"eu-west-*"}, SageMaker, []string{"eu-west-1", "eu-west-2", "eu-west-3"}},
		{[]string{"us-*"}, SageMaker, []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2"}},
		{[]string{"us-gov-*"}, SageMaker, []string{"us-gov-east-1", "us-gov-west-1"}},
		{[]string{"us-west-1", "us-west-2"}, "bedrock", []string{"us-west-2"}},
		{[]string{"us-east-1", "us-east-1"}, SageMaker, []string{"us-east-1"}},
	}
	for _, c := range cases {
		if got := Regions(c.patterns, c.service); !slices.Equal(got, c.want) {
			t.Errorf("Regions(%v, %s) = %v, want %v", c.patterns, c.service, got, c.want)
		}
	}
	if all := Regions([]string{"*"}, SageMaker); slices.Contains(all, "cn-north-1") || len(all) < 30 {
		t.Errorf(`"*" should cover the commercial partition only, got %v`, all)
	}
}

func TestValidateRegionPatterns(t *testing.T) {
	for _, ok := range [][]string{{"*"}, {"eu-*"}, {"us-east-?"}, {"cn-north-1"}} {
		if err := ValidateRegionPatterns(ok); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{"mars-1": "unknown region", "xx-*": "matches no", "US-EAST-1": "not a region", "[a]": "not a region"} {
		err := ValidateRegionPatterns([]string{bad})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "aws_regions") {
			t.Errorf("%q: got %v, want an aws_regions error containing %q", bad, err, want)
		}
	}
}
