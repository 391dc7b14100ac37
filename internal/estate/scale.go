package estate

import "fmt"

var scaleRegions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "ca-central-1"}
var scaleLocations = []string{"us-central1", "europe-west4", "asia-northeast1"}

const (
	scaleSubscriptions = 8
	scaleProjects      = 4
)

// ScaleEndpoints generates an estate of n endpoints spread evenly over the
// three clouds: 8 AWS regions, 8 Azure subscriptions, 4 GCP projects × 3 locations.
// Every fourth resource is misconfigured, so controls have work to do.
func ScaleEndpoints(n int) *Estate {
	e := &Estate{Name: fmt.Sprintf("scale-%d", n)}
	acct := &AWSAccount{ID: "222233334444", AccessKeyID: "AKIASIMSCALE00000001", Regions: map[string]*AWSRegion{}}
	e.AWS.Accounts = []*AWSAccount{acct}
	e.Azure.TenantID = "72f988bf-0000-4000-8000-5ca1e0000000"
	for i := range scaleSubscriptions {
		e.Azure.Subscriptions = append(e.Azure.Subscriptions, &AzureSubscription{
			ID: fmt.Sprintf("5ca1e000-0000-4000-8000-%012d", i), DisplayName: fmt.Sprintf("scale-sub-%d", i),
		})
	}
	for i := range scaleProjects {
		e.GCP.Projects = append(e.GCP.Projects, &GCPProject{ID: fmt.Sprintf("scale-project-%d", i), Locations: map[string]*GCPLocation{}})
	}
	for i := range n {
		bad := i%4 == 3
		switch i % 3 {
		case 0:
			region := scaleRegions[(i/3)%len(scaleRegions)]
			r := acct.Regions[region]
			if r == nil {
				r = &AWSRegion{Services: map[string]map[string][]Item{"sagemaker": {}}}
				acct.Regions[region] = r
			}
			name := fmt.Sprintf("scale-endpoint-%06d", i)
			cfg := Item{"EndpointConfigName": name + "-cfg", "CreationTime": "2025-01-01T00:00:00Z",
				"ProductionVariants": []any{map[string]any{"VariantName": "AllTraffic", "ModelName": name + "-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 2, "InitialVariantWeight": 1}}}
			if !bad {
				cfg["KmsKeyId"] = "arn:aws:kms:" + region + ":222233334444:key/scale"
			}
			sm := r.Services["sagemaker"]
			sm["endpoint_configs"] = append(sm["endpoint_configs"], cfg)
			sm["endpoints"] = append(sm["endpoints"], Item{"EndpointName": name, "EndpointConfigName": name + "-cfg", "EndpointStatus": "InService",
				"CreationTime": "2025-01-01T00:00:00Z", "LastModifiedTime": "2025-01-01T00:00:00Z", KeyTags: map[string]any{"scale": "true"}})
		case 1:
			sub := e.Azure.Subscriptions[(i/3)%scaleSubscriptions]
			name := fmt.Sprintf("scale-account-%06d", i)
			e.Azure.Subscriptions[(i/3)%scaleSubscriptions].Resources = append(sub.Resources, Item{
				"id":   "/subscriptions/" + sub.ID + "/resourceGroups/rg-scale/providers/Microsoft.CognitiveServices/accounts/" + name,
				"name": name, "type": "Microsoft.CognitiveServices/accounts", "location": "eastus", "kind": "OpenAI",
				"properties": map[string]any{"disableLocalAuth": !bad, "publicNetworkAccess": map[bool]string{true: "Enabled", false: "Disabled"}[bad],
					"endpoint": "https://" + name + ".openai.azure.com/", "dateCreated": "2025-01-01T00:00:00Z"},
			})
		case 2:
			p := e.GCP.Projects[(i/3)%scaleProjects]
			loc := scaleLocations[(i/3/scaleProjects)%len(scaleLocations)]
			l := p.Locations[loc]
			if l == nil {
				l = &GCPLocation{Collections: map[string][]Item{}}
				p.Locations[loc] = l
			}
			it := Item{"name": fmt.Sprintf("%019d", 7000000000000000000+i), "displayName": fmt.Sprintf("scale-endpoint-%06d", i), "createTime": "2025-01-01T00:00:00Z"}
			if !bad {
				it["network"] = "projects/1/global/networks/ml"
			}
			l.Collections["endpoints"] = append(l.Collections["endpoints"], it)
		}
	}
	if err := e.normalize(); err != nil {
		panic(err) // generated data is always valid
	}
	return e
}

// ScaleActivity generates an estate holding n activity events in the last
// day, spread over the four logs and their scopes: 8% CloudTrail events and
// 40% Bedrock invocation records over 8 AWS regions, 32% Activity Log events
// over 8 subscriptions, 20% audit log entries over 4 projects. Every event is
// benign; repeats (x-repeat) keep the estate itself small.
func ScaleActivity(n int) *Estate {
	e := &Estate{Name: fmt.Sprintf("activity-%d", n)}
	acct := &AWSAccount{ID: "222233334444", AccessKeyID: "AKIASIMSCALE00000001", Regions: map[string]*AWSRegion{}}
	e.AWS.Accounts = []*AWSAccount{acct}
	e.Azure.TenantID = "72f988bf-0000-4000-8000-5ca1e0000000"
	every := func(count int) string { return fmt.Sprintf("%dms", max(1, int64(24*3600*1000)/int64(max(count, 1)))) }
	trail, logged := n*8/100/len(scaleRegions), n*40/100/len(scaleRegions)
	for i, region := range scaleRegions {
		role := fmt.Sprintf("arn:aws:iam::222233334444:role/scale-app-%d", i)
		acct.Regions[region] = &AWSRegion{Services: map[string]map[string][]Item{
			"cloudtrail": {"events": {{"eventTime": "now-1m", KeyRepeat: map[string]any{"count": trail, "every": every(trail)},
				"eventSource": "bedrock.amazonaws.com", "eventName": "InvokeModel", "sourceIPAddress": "10.0.0.1",
				"userIdentity":      map[string]any{"type": "AssumedRole", "arn": "arn:aws:sts::222233334444:assumed-role/scale-app-" + fmt.Sprint(i) + "/s", "sessionContext": map[string]any{"sessionIssuer": map[string]any{"arn": role}}},
				"requestParameters": map[string]any{"modelId": "anthropic.claude-3-haiku-20240307-v1:0"}}}},
			"bedrock": {"logging": {{"arn": "arn:aws:bedrock:" + region + ":222233334444:model-invocation-logging",
				"loggingConfig": map[string]any{"cloudWatchConfig": map[string]any{"logGroupName": "/aws/bedrock/invocations"}}}}},
			"logs": {
				"log_groups": {{"logGroupName": "/aws/bedrock/invocations"}},
				"log_events": {{"logGroupName": "/aws/bedrock/invocations", "timestamp": "now-1m", KeyRepeat: map[string]any{"count": logged, "every": every(logged)},
					"message": map[string]any{"schemaVersion": "1.0", "operation": "InvokeModel", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
						"identity": map[string]any{"arn": "arn:aws:sts::222233334444:assumed-role/scale-app-" + fmt.Sprint(i) + "/s"},
						"input":    map[string]any{"inputTokenCount": 100}, "output": map[string]any{"outputTokenCount": 20}}}},
			},
		}}
	}
	azure := n * 32 / 100 / scaleSubscriptions
	for i := range scaleSubscriptions {
		id := fmt.Sprintf("5ca1e000-0000-4000-8000-%012d", i)
		e.Azure.Subscriptions = append(e.Azure.Subscriptions, &AzureSubscription{ID: id, DisplayName: fmt.Sprintf("scale-sub-%d", i),
			ActivityLog: []Item{{"eventTimestamp": "now-1m", KeyRepeat: map[string]any{"count": azure, "every": every(azure)},
				"operationName": "Microsoft.CognitiveServices/accounts/deployments/write", "caller": "scale-pipeline@example.com",
				"resourceId": "/subscriptions/" + id + "/resourceGroups/rg-scale/providers/Microsoft.CognitiveServices/accounts/scale/deployments/d"}}})
	}
	gcp := n * 20 / 100 / scaleProjects
	for i := range scaleProjects {
		p := fmt.Sprintf("scale-project-%d", i)
		e.GCP.Projects = append(e.GCP.Projects, &GCPProject{ID: p, Locations: map[string]*GCPLocation{},
			AuditLog: []Item{{"timestamp": "now-1m", KeyRepeat: map[string]any{"count": gcp, "every": every(gcp)},
				"protoPayload": map[string]any{"serviceName": "aiplatform.googleapis.com", "methodName": "google.cloud.aiplatform.v1.PredictionService.Predict",
					"resourceName":       "projects/" + p + "/locations/us-central1/endpoints/1",
					"authenticationInfo": map[string]any{"principalEmail": "scale@" + p + ".iam.gserviceaccount.com"}}}}})
	}
	if err := e.normalize(); err != nil {
		panic(err) // generated data is always valid
	}
	return e
}

// ScaleData returns an estate whose one SageMaker training job reads an S3
// prefix of mixed data objects totalling about size bytes: jsonl, csv,
// gzip-compressed jsonl, parquet and text, with a planted access key and
// emails, for the dataset scan's throughput and bytes read.
func ScaleData(size int64) *Estate {
	const objects = 16
	e := &Estate{Name: fmt.Sprintf("data-%dMiB", size>>20)}
	line := map[string]any{"prompt": "Summarise the ticket for the customer", "completion": "The export job failed at 02:10; rerun scheduled. Contact ops@example.com if it fails again."}
	leak := map[string]any{"prompt": "creds?", "completion": "aws_access_key_id=AKIAQ3EGRSCALEDATA27 aws_secret_access_key=Rk7Hp1Dy4Jm6Fs0Gu3Wa5Ec8QZq8Lw3Xv9Tb2Nc5"}
	row := map[string]any{"txn_id": "t-000001", "amount": "42.10", "merchant": "grocer", "note": "card on file, contact billing@example.com"}
	note := "Plain notes about the quarterly model review and the data it used."
	lineLen := int64(len(`{"completion":"The export job failed at 02:10; rerun scheduled. Contact ops@example.com if it fails again.","prompt":"Summarise the ticket for the customer"}`) + 1)
	rowLen := int64(len("42.10,grocer,\"card on file, contact billing@example.com\",t-000001") + 1)
	// gzip objects are counted at their compressed size (about 1/40): the
	// other 13 objects carry the total
	per := size / (objects - 3)
	objs := map[string]any{}
	for i := range objects {
		var v map[string]any
		switch i % 5 {
		case 0:
			v = map[string]any{"once": []any{leak}, "lines": []any{line}, "repeat": int(per / lineLen)}
		case 1:
			v = map[string]any{"format": "csv", "rows": []any{row}, "repeat": int(per / rowLen)}
		case 2: // the sample is the decompressed head
			v = map[string]any{"lines": []any{line}, "repeat": int(per / lineLen), "gzip": true}
		case 3: // row groups of 4,096 rows; parquet's dictionary encoding makes them small
			rows := make([]any, 4096)
			for j := range rows {
				rows[j] = map[string]any{"txn_id": fmt.Sprintf("t-%07d", j), "amount": fmt.Sprintf("%d.%02d", j%500, j%100), "merchant": "grocer", "note": row["note"]}
			}
			group, err := generate(map[string]any{"format": "parquet", "rows": rows})
			if err != nil {
				panic(err)
			}
			v = map[string]any{"format": "parquet", "rows": rows, "repeat": int(max(1, per/int64(len(group))))}
		default:
			v = map[string]any{"lines": []any{note}, "repeat": int(per / int64(len(note)+1))}
		}
		ext := []string{"jsonl", "csv", "jsonl.gz", "parquet", "txt"}[i%5]
		objs[fmt.Sprintf("train/part-%04d.%s", i, ext)] = v
	}
	job := Item{"TrainingJobName": "scale-data-train", "TrainingJobStatus": "Completed", "CreationTime": "2025-04-12T02:00:00Z",
		"RoleArn":         "arn:aws:iam::222233334444:role/scale-train",
		"InputDataConfig": []any{map[string]any{"ChannelName": "train", "DataSource": map[string]any{"S3DataSource": map[string]any{"S3DataType": "S3Prefix", "S3Uri": "s3://scale-data/train/"}}}}}
	bucket := Item{"Name": "scale-data", "Region": "us-east-1", "Grants": []any{}, "Encryption": map[string]any{"SSEAlgorithm": "AES256"}, "x-objects": objs}
	e.AWS.Accounts = []*AWSAccount{{ID: "222233334444", AccessKeyID: "AKIASIMSCALE00000001", Regions: map[string]*AWSRegion{
		"us-east-1": {Services: map[string]map[string][]Item{"sagemaker": {"training_jobs": {job}}}},
		"global":    {Services: map[string]map[string][]Item{"s3": {"buckets": {bucket}}}},
	}}}
	e.Azure.TenantID = "72f988bf-0000-4000-8000-5ca1e0000000"
	e.Azure.Subscriptions = []*AzureSubscription{{ID: "5ca1e000-0000-4000-8000-000000000000", DisplayName: "scale-sub-0"}}
	e.GCP.Projects = []*GCPProject{{ID: "scale-project-0", Locations: map[string]*GCPLocation{}}}
	if err := e.normalize(); err != nil {
		panic(err)
	}
	return e
}
