package aispm

import (
	"context"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/aispm/aispm/aispm/scan"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

type scanRequest struct {
	settings *Settings
	object   cloud.Object
}

// scanned memoizes each object's scan per connection: a model referenced by
// several rows (a SageMaker model and its package) is read once.
var scanned = cloud.Memo(
	func(r scanRequest) string { return "scan/" + r.object.URI },
	func(ctx context.Context, _ *plugin.QueryData, r scanRequest) (*scan.Result, error) {
		return scan.Scan(ctx, r.object.URI, r.object.Reader, r.object.Size, r.settings.Scan), nil
	})

// modelFiles selects the model files under an artifact location.
var modelFiles = cloud.Selection{Keep: scan.IsModelFile, Max: cloud.MaxObjectsPerArtifact}

// storedObjects lists the objects sel keeps under a storage URI (s3://,
// gs://, https://<account>.blob...) through the owning cloud's storage client.
func storedObjects(ctx context.Context, d *plugin.QueryData, s *Settings, region, uri string, sel cloud.Selection) ([]cloud.Object, error) {
	switch {
	case strings.HasPrefix(uri, "s3://"):
		return aws.Objects(ctx, d, s.AWS, region, uri, sel)
	case strings.HasPrefix(uri, "gs://"):
		return gcp.Objects(ctx, d, s.GCP, uri, sel)
	}
	return azure.Objects(ctx, d, s.Azure, uri, sel)
}

// artifacts are every artifact location of a model, the primary one first.
func artifacts(m *cloud.Model) []string {
	out := []string{}
	for _, u := range append([]string{m.ArtifactURI}, m.ArtifactURIs...) {
		if u != "" && !strings.HasPrefix(u, "azureml://") && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// scanRows scans every model file of every artifact of a model: one row per
// finding, one clean row per clean object, one error row per object (or
// listing) that could not be read.
func scanRows(ctx context.Context, d *plugin.QueryData, s *Settings, m *cloud.Model, want string) []cloud.Row {
	var out []cloud.Row
	for _, uri := range artifacts(m) {
		if want != "" && uri != want {
			continue
		}
		out = append(out, scanArtifact(ctx, d, s, m, uri)...)
	}
	return out
}

func scanArtifact(ctx context.Context, d *plugin.QueryData, s *Settings, m *cloud.Model, uri string) []cloud.Row {
	row := func(obj cloud.Object) *cloud.ModelScan {
		return &cloud.ModelScan{Meta: m.Meta, Scope: m.Scope, ModelID: m.ID, ArtifactURI: uri, ObjectURI: obj.URI, Size: obj.Size}
	}
	objects, err := storedObjects(ctx, d, s, m.Region, uri, modelFiles)
	if err != nil {
		r := row(cloud.Object{URI: uri})
		r.Status, r.Error = "error", err.Error()
		return []cloud.Row{r}
	}
	var out []cloud.Row
	for _, obj := range objects {
		res, _ := scanned(ctx, d, scanRequest{settings: s, object: obj})
		base := row(obj)
		base.Format, base.BytesRead = res.Format, res.BytesRead
		switch {
		case res.Error != "":
			base.Status, base.Error = "error", res.Error
			out = append(out, base)
		case len(res.Findings) == 0:
			base.Status = "clean"
			out = append(out, base)
		}
		for _, f := range res.Findings {
			r := *base
			off := f.Offset
			r.Status, r.Rule, r.Severity, r.Construct, r.Member, r.Offset = "finding", f.Rule, f.Severity, f.Construct, f.Member, &off
			out = append(out, &r)
		}
	}
	return out
}

// scannedSource turns a model source into a source of scan rows, for the
// models with an artifact (an artifact_uri qual keeps only that artifact).
func scannedSource(src source) source {
	return thenRows(src, func(ctx context.Context, d *plugin.QueryData, s *Settings, m *cloud.Model) []cloud.Row {
		return scanRows(ctx, d, s, m, quals{d}.str("artifact_uri"))
	})
}

// thenRows turns a unified source into a source of the rows each of its rows
// of type T expands into (the scans of a model's artifacts, of a dataset's
// objects); rows of other types are dropped.
func thenRows[T cloud.Row](src source, expand func(context.Context, *plugin.QueryData, *Settings, T) []cloud.Row) source {
	rows := src.list
	src.list = func(ctx context.Context, d *plugin.QueryData, s *Settings, sc cloud.Scope, emit emitFunc) error {
		return rows(ctx, d, s, sc, func(r cloud.Row) bool {
			t, ok := r.(T)
			if !ok {
				return true
			}
			for _, row := range expand(ctx, d, s, t) {
				if !emit(row) {
					return false
				}
			}
			return true
		})
	}
	return src
}

func tableModelScan() *tableDef {
	var sources []source
	for _, src := range modelSources() {
		sources = append(sources, scannedSource(src))
	}
	return &tableDef{
		name:        "aispm_model_scan",
		description: "Model artifact scanning: every model file behind every aispm_model.artifact_uris entry (S3, Cloud Storage, Azure Blob), judged without being loaded. One row per finding (dangerous pickle imports, Keras Lambda layers, NumPy object arrays, unsafe archive paths, invalid headers) and one clean row per clean file.",
		keys:        []string{"artifact_uri"},
		unified:     true,
		sources:     sources,
		columns: []*plugin.Column{
			col("model_id", proto.ColumnType_STRING, "ModelID", "The model (aispm_model.id) whose artifact this is."),
			col("artifact_uri", proto.ColumnType_STRING, "ArtifactURI", "The artifact location scanned: one of the model's aispm_model.artifact_uris (join on model_id for every artifact of a model)."),
			col("object_uri", proto.ColumnType_STRING, "ObjectURI", "The object scanned (the artifact itself, or a file under it)."),
			col("format", proto.ColumnType_STRING, "Format", "The detected format: pickle, zip (PyTorch, Keras, npz), tar, gzip, npy, hdf5, safetensors, gguf."),
			col("status", proto.ColumnType_STRING, "Status", "finding, clean, or error (the object could not be listed or read)."),
			col("rule", proto.ColumnType_STRING, "Rule", "The rule that fired, for example pickle_dangerous_import or keras_lambda_layer."),
			col("severity", proto.ColumnType_STRING, "Severity", "critical, high, medium or low."),
			col("construct", proto.ColumnType_STRING, "Construct", "What was found: the import (posix.system), the layer, the header fault."),
			col("member", proto.ColumnType_STRING, "Member", "The path inside the archive (archive/data.pkl), when the finding is in one."),
			col("offset", proto.ColumnType_INT, "Offset", "The byte offset of the finding inside the member (or the file)."),
			col("bytes_read", proto.ColumnType_INT, "BytesRead", "How many bytes of the object were read (ranged reads: zip archives are read by directory and pickle members only)."),
			col("size", proto.ColumnType_INT, "Size", "The object's size in bytes."),
			col("error", proto.ColumnType_STRING, "Error", "Why the object could not be scanned."),
		},
	}
}
