package cloud

import (
	"slices"
	"testing"
)

func TestRelationships(t *testing.T) {
	yes := true
	no := false
	rows := []Row{
		&Model{Meta: Meta{Cloud: AWS, Name: "churn-v7"}, Scope: "111", ID: "arn:aws:sagemaker:us-east-1:111:model/churn-v7", ArtifactURI: "s3://scratch/churn/model.tar.gz"},
		&Model{Meta: Meta{Cloud: Azure, Name: "llama"}, Scope: "sub", ID: "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/llama/versions/1", Version: "1"},
		&Model{Meta: Meta{Cloud: Azure, Name: "fraud"}, Scope: "sub", ID: "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/reg/models/fraud/versions/4", Version: "4"},
		&Model{Meta: Meta{Cloud: AWS, Name: "support-ft"}, Scope: "111", ID: "arn:aws:bedrock:us-east-1:111:custom-model/x", TrainingJob: "arn:job"},
		&Endpoint{Meta: Meta{Cloud: AWS, Name: "churn"}, Scope: "111", ID: "arn:ep/churn", PublicNetworkAccess: &yes, Models: []string{"churn-v7"}},
		&Endpoint{Meta: Meta{Cloud: Azure, Name: "chat"}, Scope: "sub", ID: "/ep/chat", Models: []string{"azureml:llama:1", "azureml://registries/reg/models/fraud/versions/4", "gone"}, Keys: []string{"/ep/chat"}},
		&Dataset{Meta: Meta{Cloud: AWS, Name: "support-ft"}, Scope: "111", UsedBy: "arn:job", Kind: "bedrock_customization_training", URI: "s3://scratch/ft.jsonl", Identity: "arn:role/ft", StoragePublic: &yes},
		&Key{Meta: Meta{Cloud: Azure, Name: "chat"}, Scope: "sub", ID: "/ep/chat", Kind: "azure_ai_account_keys", Target: "/ep/chat", Enabled: &yes, CanCallAI: &yes, Restricted: &no},
		&DatasetScan{Meta: Meta{Cloud: AWS}, Scope: "111", URI: "s3://scratch/ft.jsonl", ObjectURI: "s3://scratch/ft.jsonl", Kind: "secret", Rule: "aws-access-token", Fingerprint: "abc",
			Owner: &CredentialOwner{Identity: "arn:user/etl", IdentityKind: "iam_user", IdentityStatus: "active", Policies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}}},
		&DatasetScan{Meta: Meta{Cloud: AWS}, Scope: "111", URI: "s3://scratch/old.csv", Kind: "secret", Owner: &CredentialOwner{Identity: "arn:user/old", IdentityStatus: "inactive"}},
	}
	got := map[string]bool{}
	access := []Access{{Principal: "arn:role/ft", Target: "s3://scratch/ft.jsonl", Read: true, Write: true, Evidence: "iam"}}
	for _, e := range Relationships(rows, access) {
		got[e.FromID+" "+e.Relation+" "+e.ToID] = true
	}
	for _, want := range []string{
		"internet exposes arn:ep/churn",
		"arn:ep/churn serves arn:aws:sagemaker:us-east-1:111:model/churn-v7", // a SageMaker endpoint names its model
		"/ep/chat serves /subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/llama/versions/1",
		"/ep/chat serves /subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/reg/models/fraud/versions/4",
		"/ep/chat serves gone", // unresolved: the API's value
		"arn:aws:sagemaker:us-east-1:111:model/churn-v7 stored_in s3://scratch",
		"arn:aws:bedrock:us-east-1:111:custom-model/x trained_by arn:job",
		"arn:job reads s3://scratch/ft.jsonl",
		"arn:job runs_as arn:role/ft",
		"arn:role/ft can_read s3://scratch/ft.jsonl",
		"s3://scratch/ft.jsonl stored_in s3://scratch",
		"internet exposes s3://scratch",
		"internet exposes /ep/chat#keys", // the account's keys, not the account
		"/ep/chat#keys unlocks /ep/chat",
		"s3://scratch/ft.jsonl holds_secret_of arn:user/etl",
		"arn:user/etl grants arn:aws:iam::aws:policy/AdministratorAccess",
		"arn:role/ft can_write s3://scratch/ft.jsonl",
		"s3://scratch/ft.jsonl trains arn:aws:bedrock:us-east-1:111:custom-model/x", // through its job
	} {
		if !got[want] {
			t.Errorf("missing edge %q", want)
		}
	}
	for e := range got {
		if slices.Contains([]string{"s3://scratch/old.csv holds_secret_of arn:user/old", "internet exposes /ep/chat"}, e) {
			t.Errorf("unexpected edge %q (an inactive credential is no path; the account is not exposed)", e)
		}
	}
}

func TestStorageOf(t *testing.T) {
	for in, want := range map[string]string{
		"s3://b/k/x": "s3://b", "gs://b": "gs://b", "https://Acct.blob.core.windows.net/c/p/x": "https://acct.blob.core.windows.net/c",
		"https://acct.blob.core.windows.net": "", "bq://p.d.t": "", "azureml://datastores/x": "",
	} {
		if got := StorageOf(in); got != want {
			t.Errorf("StorageOf(%q) = %q, want %q", in, got, want)
		}
	}
}
