package aispm

import (
	"strings"
	"testing"

	"github.com/aispm/aispm/aispm/cloud"
)

func ptr[T any](v T) *T { return &v }

func TestValidateDefaults(t *testing.T) {
	s, err := Config{}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Clouds) != 3 || s.AWS.Regions[0] != "us-east-1" || s.Azure.SubscriptionIDs[0] != "*" || s.Azure.Credential != "default" {
		t.Errorf("unexpected defaults: %+v", s)
	}
	if s.AWS.Retry.MaxAttempts != 5 || s.AWS.Retry.BaseDelay.Milliseconds() != 200 {
		t.Errorf("unexpected retry defaults: %+v", s.AWS.Retry)
	}
	if s.ActivityLookback.Hours() != 24 {
		t.Errorf("activity lookback defaults to %v, want 24h", s.ActivityLookback)
	}
	if s, _ := (Config{ActivityLookbackHours: ptr(168)}).Validate(); s.ActivityLookback.Hours() != 168 {
		t.Errorf("activity_lookback_hours = 168 gave %v", s.ActivityLookback)
	}
}

func TestValidateAccepts(t *testing.T) {
	good := []Config{
		{Clouds: []string{"aws"}, AWSRegions: []string{"eu-*", "us-east-1"}},
		{AWSEndpointURL: ptr("http://127.0.0.1:4566"), AWSAccessKeyID: ptr("AKIA"), AWSSecretAccessKey: ptr("x")},
		{AWSEndpointURL: ptr("https://vpce-123.sagemaker.eu-west-1.vpce.amazonaws.com")},
		{AzureCredential: ptr("simulator"), AzureResourceManagerURL: ptr("http://localhost:8080")},
		{AzureCredential: ptr("client_secret"), AzureTenantID: ptr("t"), AzureClientID: ptr("c"), AzureClientSecret: ptr("s")},
		{GCPEndpoint: ptr("[::1]:9000"), GCPInsecure: ptr(true), GCPProjects: []string{"acme-ml-prod"}, GCPLocations: []string{"*"}},
		{MaxAttempts: ptr(1), RetryBaseDelayMs: ptr(1)},
		{ScanMaxMB: ptr(64), ScanTimeoutSecs: ptr(30)},
		{AzureCredential: ptr("simulator"), AzureResourceManagerURL: ptr("http://127.0.0.1:1"), AzureDataPlaneURL: ptr("http://127.0.0.1:1")},
	}
	for _, c := range good {
		if _, err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

func TestValidateNamesTheAttribute(t *testing.T) {
	bad := map[string]Config{
		"scan_max_mb":                {ScanMaxMB: ptr(0)},
		"activity_lookback_hours":    {ActivityLookbackHours: ptr(24 * 91)},
		"scan_timeout_seconds":       {ScanTimeoutSecs: ptr(99999)},
		"azure_data_plane_url":       {AzureDataPlaneURL: ptr("http://10.0.0.9")},
		"clouds":                     {Clouds: []string{"aws", "ibm"}},
		"aws_regions":                {AWSRegions: []string{"moon-1"}},
		"aws_access_key_id":          {AWSAccessKeyID: ptr("AKIA")},
		"aws_endpoint_url":           {AWSEndpointURL: ptr("ftp://127.0.0.1")},
		"azure_subscription_ids":     {AzureSubscriptionIDs: []string{"*", "6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b"}},
		"azure_credential":           {AzureCredential: ptr("simulator"), AzureResourceManagerURL: ptr("https://management.azure.com")},
		"azure_resource_manager_url": {AzureResourceManagerURL: ptr("http://10.0.0.5")},
		"gcp_insecure":               {GCPEndpoint: ptr("example.com:443"), GCPInsecure: ptr(true), GCPProjects: []string{"acme-ml-prod"}},
		"gcp_endpoint":               {GCPEndpoint: ptr("no-port")},
		"gcp_projects":               {GCPProjects: []string{"Bad_Project"}},
		"gcp_locations":              {GCPLocations: []string{"us central"}},
		"retry_base_delay_ms":        {RetryBaseDelayMs: ptr(0)},
	}
	for attr, c := range bad {
		_, err := c.Validate()
		if err == nil {
			t.Errorf("%s: accepted %+v", attr, c)
			continue
		}
		if !strings.Contains(err.Error(), attr+":") {
			t.Errorf("%s: error does not name it: %v", attr, err)
		}
	}
}

func TestEnabled(t *testing.T) {
	s, err := Config{Clouds: []string{"gcp"}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if s.Enabled(cloud.AWS) || !s.Enabled(cloud.GCP) {
		t.Errorf("clouds = [gcp] enabled %v", s.Clouds)
	}
}
