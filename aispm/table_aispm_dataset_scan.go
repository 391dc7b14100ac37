package aispm

import (
	"context"
	"strings"
	"sync"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/aispm/aispm/aispm/scan"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// dataScanWorkers bounds the objects of one location sampled at once.
const dataScanWorkers = 4

type dataScanRequest struct {
	settings *Settings
	object   cloud.Object
}

// dataScanned memoizes each object's scan per connection: a location used by
// several resources (a training job and a knowledge base) is read once.
var dataScanned = cloud.Memo(
	func(r dataScanRequest) string { return "datascan/" + r.object.URI },
	func(ctx context.Context, _ *plugin.QueryData, r dataScanRequest) (*scan.DataResult, error) {
		return scan.Data(ctx, r.object.URI, r.object.Reader, r.object.Size, r.settings.DataScan.SampleBytes, r.settings.Scan), nil
	})

// objectStore reports whether the scan can list a location: S3, Cloud
// Storage or Azure Blob.
func objectStore(uri string) bool {
	if strings.HasPrefix(uri, "s3://") || strings.HasPrefix(uri, "gs://") {
		return true
	}
	_, ok := azure.ParseBlobURI(uri)
	return ok
}

// datasetScanRows scans the objects of one data use: one row per finding,
// one per clean, skipped or unreadable object, one for a location that
// could not be listed, held no data objects, or is not object storage.
func datasetScanRows(ctx context.Context, d *plugin.QueryData, s *Settings, ds *cloud.Dataset) []cloud.Row {
	if want := (quals{d}).str("uri"); want != "" && want != ds.URI {
		return nil
	}
	row := func(obj cloud.Object) *cloud.DatasetScan {
		return &cloud.DatasetScan{Meta: ds.Meta, Scope: ds.Scope, DatasetID: ds.ID, UsedBy: ds.UsedBy, URI: ds.URI, ObjectURI: obj.URI, Size: obj.Size}
	}
	one := func(status, reason, err string) []cloud.Row {
		r := row(cloud.Object{})
		r.Status, r.Reason, r.Error = status, reason, err
		return []cloud.Row{r}
	}
	switch {
	case ds.URI == "":
		return one("skipped", "the service does not expose where this data is", "")
	case !objectStore(ds.URI):
		return one("skipped", "not object storage: "+strings.SplitN(ds.URI, "://", 2)[0]+" data is not sampled", "")
	}
	sel := cloud.Selection{Keep: scan.IsDataFile, Max: s.DataScan.MaxObjects}
	objects, err := storedObjects(ctx, d, s, ds.Region, ds.URI, sel)
	if err != nil {
		return one("error", "", "listing the location: "+err.Error())
	}
	if len(objects) == 0 {
		return one("empty", "no data objects at this location", "")
	}
	limited := ""
	if sel.Full(len(objects)) {
		limited = "; the listing stopped at data_scan_max_objects objects"
	}
	// objects are sampled in parallel (the detectors are CPU-bound), rows
	// emitted in listing order
	results := make([]*scan.DataResult, len(objects))
	var wg sync.WaitGroup
	sem := make(chan struct{}, dataScanWorkers)
	for i, obj := range objects {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i], _ = dataScanned(ctx, d, dataScanRequest{settings: s, object: obj})
		}()
	}
	wg.Wait()
	var out []cloud.Row
	for i, obj := range objects {
		res := results[i]
		base := row(obj)
		base.Format, base.BytesRead, base.Sampled = res.Format, res.BytesRead, res.Sampled
		switch {
		case res.Error != "":
			base.Status, base.Error = "error", res.Error
			out = append(out, base)
		case res.Skipped != "":
			base.Status, base.Reason = "skipped", res.Skipped
			out = append(out, base)
		case len(res.Hits) == 0:
			base.Status, base.Reason = "clean", sampledReason(res)+limited
			out = append(out, base)
		}
		for _, h := range res.Hits {
			r := *base
			r.Status, r.Kind, r.Rule, r.Fingerprint, r.Count, r.Reason = "finding", h.Kind, h.Rule, h.Fingerprint, h.Count, sampledReason(res)+limited
			if h.Line > 0 {
				line := h.Line
				r.Line = &line
			}
			if h.Offset >= 0 {
				off := h.Offset
				r.Offset = &off
			}
			r.Owner = credentialOwner(ctx, d, s, h)
			out = append(out, &r)
		}
	}
	return out
}

func sampledReason(res *scan.DataResult) string {
	if res.Sampled {
		return "sampled: judged the head and ranges spread through the object, not all of it"
	}
	return "read whole"
}

// credentialOwner resolves a credential that names its identity: an AWS
// long-term access key id (AKIA: an IAM user's; ASIA keys are temporary STS
// credentials), a GCP service-account key file (its key id, and its private
// key), an Azure storage account key or SAS (the account it opens).
func credentialOwner(ctx context.Context, d *plugin.QueryData, s *Settings, h scan.DataHit) *cloud.CredentialOwner {
	switch {
	case h.Rule == "aws-access-token" && strings.HasPrefix(h.Identifier, "AKIA"):
		return aws.AccessKeyOwner(ctx, d, s.AWS, h.Identifier)
	case h.Rule == "aws-access-token" && strings.HasPrefix(h.Identifier, "ASIA"):
		return &cloud.CredentialOwner{IdentityKind: "sts_session", IdentityStatus: "temporary"}
	case (h.Rule == "gcp-service-account-key" || h.Rule == "private-key") && h.Principal != "" && h.Identifier != "":
		return gcp.ServiceAccountKeyOwner(ctx, d, s.GCP, h.Principal, h.Identifier)
	case (h.Rule == "azure-storage-account-key" || h.Rule == "azure-sas-token") && h.Principal != "":
		return azure.StorageKeyOwner(ctx, d, s.Azure, h.Principal)
	}
	return nil
}

// datasetScanSources are the sources of aispm_dataset_scan: each data use's
// objects, scanned.
func datasetScanSources() []source {
	var sources []source
	for _, src := range datasetSources() {
		sources = append(sources, thenRows(src, datasetScanRows))
	}
	return sources
}

func tableDatasetScan() *tableDef {
	return &tableDef{
		name:        "aispm_dataset_scan",
		description: "Training-data content: every data object behind every aispm_dataset location (S3, Cloud Storage, Azure Blob) sampled through ranged reads (jsonl, json, csv, tsv, text, parquet, and gzip of the text ones) and judged for secrets (gitleaks' rules, the redactor's) and personal data. One row per secret (rule and fingerprint, never the value), one per PII category with its count, one per clean, skipped or unreadable object. A secret that names its identity (an AWS access key id, a GCP service-account key, an Azure storage key or SAS) is resolved to it: status, last use, attached policies.",
		keys:        []string{"uri"},
		unified:     true,
		sources:     datasetScanSources(),
		columns: []*plugin.Column{
			col("dataset_id", proto.ColumnType_STRING, "DatasetID", "The data use (aispm_dataset.id)."),
			col("used_by", proto.ColumnType_STRING, "UsedBy", "The resource that uses the data (aispm_dataset.used_by)."),
			col("uri", proto.ColumnType_STRING, "URI", "The data location scanned (aispm_dataset.uri)."),
			col("object_uri", proto.ColumnType_STRING, "ObjectURI", "The object read (the location itself, or an object under it)."),
			col("format", proto.ColumnType_STRING, "Format", "The format read: jsonl, json, csv, tsv, text, parquet, or one of the text ones +gzip; binary when skipped."),
			col("status", proto.ColumnType_STRING, "Status", "finding; clean (nothing found in what was read); skipped (not a data format, or not object storage); empty (no data objects at the location); error (the location or object could not be read)."),
			col("kind", proto.ColumnType_STRING, "Kind", "secret or pii."),
			col("rule", proto.ColumnType_STRING, "Rule", "For a secret the rule that found it (gitleaks' ids: aws-access-token, private-key, openai-api-key, ...; gcp-service-account-key, azure-storage-account-key, azure-sas-token); for PII the category: email, phone_number, payment_card (Luhn-valid), iban (mod-97-valid), us_ssn, uk_nino."),
			col("fingerprint", proto.ColumnType_STRING, "Fingerprint", "The first 12 hex digits of the secret's SHA-256: the same value has the same fingerprint everywhere aispm reports it (redaction markers included). Null for PII."),
			col("count", proto.ColumnType_INT, "Count", "How often this secret (or PII category) occurred in what was read."),
			col("line", proto.ColumnType_INT, "Line", "The 1-based line (text formats) or row (parquet) of the first occurrence; null in a sampled range whose preceding lines were not read."),
			col("offset", proto.ColumnType_INT, "Offset", "The byte offset of the first occurrence in the (decompressed) content; null for parquet values."),
			col("sampled", proto.ColumnType_BOOL, "Sampled", "True when only part of the object was judged (data_scan_sample_mb)."),
			col("bytes_read", proto.ColumnType_INT, "BytesRead", "Bytes fetched from storage for this object (ranged reads)."),
			col("size", proto.ColumnType_INT, "Size", "The object's size in bytes."),
			col("reason", proto.ColumnType_STRING, "Reason", "How much was read, or why the object or location was skipped."),
			col("error", proto.ColumnType_STRING, "Error", "Why the location or object could not be read."),
			col("identity", proto.ColumnType_STRING, "Owner.Identity", "Whose the credential is: the IAM user ARN that owns an AWS access key id, the client_email of a GCP service-account key, the storage account an Azure key or SAS opens."),
			col("identity_kind", proto.ColumnType_STRING, "Owner.IdentityKind", "iam_user, service_account, storage_account or sts_session."),
			col("identity_status", proto.ColumnType_STRING, "Owner.IdentityStatus", "Whether the credential still works, from the identity service's metadata: active, inactive (AWS), disabled (a GCP key, or an Azure account that refuses Shared Key authorization) or expired (GCP), deleted, not_found (not in the connection's accounts, subscriptions or projects), temporary (STS), unknown."),
			col("identity_key_created", proto.ColumnType_TIMESTAMP, "Owner.CreatedAt", "When the key was created."),
			col("identity_last_used", proto.ColumnType_TIMESTAMP, "Owner.LastUsed", "When the key was last used (iam:GetAccessKeyLastUsed)."),
			col("identity_policies", proto.ColumnType_JSON, "Owner.Policies", "The managed policies attached to the IAM user and its groups."),
			col("identity_admin", proto.ColumnType_BOOL, "Owner.Admin", "True when AdministratorAccess is among identity_policies."),
			col("identity_error", proto.ColumnType_STRING, "Owner.Error", "Why the identity could not be resolved."),
		},
	}
}
