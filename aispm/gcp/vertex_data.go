package gcp

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"time"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
	"google.golang.org/protobuf/types/known/structpb"
)

// VertexDataset is a Vertex AI managed dataset.
type VertexDataset struct {
	cloud.Meta
	ResourceName      string `json:"resource_name"`
	DisplayName       string `json:"display_name,omitempty"`
	Description       string `json:"description,omitempty"`
	MetadataSchemaURI string `json:"metadata_schema_uri,omitempty"`
	DataItemCount     int64  `json:"data_item_count"`
	CMEK
	GcsSources      []string   `json:"gcs_sources"`
	BigQuerySources []string   `json:"bigquery_sources"`
	CreateTime      *time.Time `json:"create_time,omitempty"`
	UpdateTime      *time.Time `json:"update_time,omitempty"`
}

// VertexCustomJob is a Vertex AI custom training job.
type VertexCustomJob struct {
	cloud.Meta
	ResourceName   string `json:"resource_name"`
	DisplayName    string `json:"display_name,omitempty"`
	State          string `json:"state"`
	ServiceAccount string `json:"service_account,omitempty"`
	Network        string `json:"network,omitempty"`
	CMEK
	WorkerPools         []WorkerPool     `json:"worker_pools"`
	EnvNames            []string         `json:"env_names"`
	Secrets             []redact.Finding `json:"secret_findings"`
	InputURIs           []string         `json:"input_uris"`
	BaseOutputDirectory string           `json:"base_output_directory,omitempty"`
	EnableWebAccess     bool             `json:"enable_web_access"`
	Error               string           `json:"error,omitempty"`
	CreateTime          *time.Time       `json:"create_time,omitempty"`
	StartTime           *time.Time       `json:"start_time,omitempty"`
	EndTime             *time.Time       `json:"end_time,omitempty"`
}

// WorkerPool is one worker pool of a custom job.
type WorkerPool struct {
	MachineType  string   `json:"machine_type,omitempty"`
	ReplicaCount int64    `json:"replica_count"`
	ImageURI     string   `json:"image_uri,omitempty"`
	PythonModule string   `json:"python_module,omitempty"`
	PackageURIs  []string `json:"package_uris"`
}

// VertexTrainingPipeline is a Vertex AI training pipeline.
type VertexTrainingPipeline struct {
	cloud.Meta
	ResourceName        string `json:"resource_name"`
	DisplayName         string `json:"display_name,omitempty"`
	State               string `json:"state"`
	TrainingTask        string `json:"training_task_definition,omitempty"`
	Dataset             string `json:"dataset,omitempty"`
	AnnotationSchemaURI string `json:"annotation_schema_uri,omitempty"`
	OutputURIPrefix     string `json:"output_uri_prefix,omitempty"`
	ModelDisplayName    string `json:"model_display_name,omitempty"`
	ModelID             string `json:"model_id,omitempty"`
	CMEK
	Error      string     `json:"error,omitempty"`
	CreateTime *time.Time `json:"create_time,omitempty"`
	EndTime    *time.Time `json:"end_time,omitempty"`
}

// ListVertexDatasets streams the location's datasets.
func ListVertexDatasets(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*VertexDataset) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.Dataset]{
		name: "datasets",
		get: func(ctx context.Context, name string) (*aiplatformpb.Dataset, error) {
			return c.Datasets.GetDataset(ctx, &aiplatformpb.GetDatasetRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.Dataset] {
			return c.Datasets.ListDatasets(ctx, &aiplatformpb.ListDatasetsRequest{Parent: parent, Filter: filter})
		},
	}, f, newVertexDataset, emit)
}

// ListVertexCustomJobs streams the location's custom jobs.
func ListVertexCustomJobs(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*VertexCustomJob) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.CustomJob]{
		name: "customJobs",
		get: func(ctx context.Context, name string) (*aiplatformpb.CustomJob, error) {
			return c.Jobs.GetCustomJob(ctx, &aiplatformpb.GetCustomJobRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.CustomJob] {
			return c.Jobs.ListCustomJobs(ctx, &aiplatformpb.ListCustomJobsRequest{Parent: parent, Filter: filter})
		},
	}, f, newVertexCustomJob, emit)
}

// ListVertexTrainingPipelines streams the location's training pipelines.
func ListVertexTrainingPipelines(ctx context.Context, c *Clients, sc cloud.Scope, f Filter, emit func(*VertexTrainingPipeline) bool) error {
	return stream(ctx, sc, collection[*aiplatformpb.TrainingPipeline]{
		name: "trainingPipelines",
		get: func(ctx context.Context, name string) (*aiplatformpb.TrainingPipeline, error) {
			return c.Pipelines.GetTrainingPipeline(ctx, &aiplatformpb.GetTrainingPipelineRequest{Name: name})
		},
		list: func(ctx context.Context, parent, filter string) iter[*aiplatformpb.TrainingPipeline] {
			return c.Pipelines.ListTrainingPipelines(ctx, &aiplatformpb.ListTrainingPipelinesRequest{Parent: parent, Filter: filter})
		},
	}, f, newVertexTrainingPipeline, emit)
}

// meta builds the standard columns of a Vertex AI resource.
func meta(name, displayName string, labels map[string]string) cloud.Meta {
	if labels == nil {
		labels = map[string]string{}
	}
	return cloud.Meta{Name: path.Base(name), Title: displayName, Tags: labels, Akas: []string{Aka(name)}}
}

func newVertexDataset(d *aiplatformpb.Dataset) *VertexDataset {
	r := &VertexDataset{
		Meta:              meta(d.GetName(), d.GetDisplayName(), d.GetLabels()),
		ResourceName:      d.GetName(),
		DisplayName:       d.GetDisplayName(),
		Description:       d.GetDescription(),
		MetadataSchemaURI: d.GetMetadataSchemaUri(),
		DataItemCount:     d.GetDataItemCount(),
		CMEK:              cmek(d.GetEncryptionSpec().GetKmsKeyName()),
		CreateTime:        timeOf(d.GetCreateTime()),
		UpdateTime:        timeOf(d.GetUpdateTime()),
	}
	// Tabular and time-series datasets record their source in metadata.inputConfig.
	input := d.GetMetadata().GetStructValue().GetFields()["inputConfig"].GetStructValue().GetFields()
	r.GcsSources = stringList(input["gcsSource"].GetStructValue().GetFields()["uri"])
	r.BigQuerySources = stringList(input["bigquerySource"].GetStructValue().GetFields()["uri"])
	return r
}

// stringList reads a string or a list of strings from a protobuf Value.
func stringList(v *structpb.Value) []string {
	out := []string{}
	if s := v.GetStringValue(); s != "" {
		return append(out, s)
	}
	for _, e := range v.GetListValue().GetValues() {
		if s := e.GetStringValue(); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var gcsURI = regexp.MustCompile(`gs://[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](/[^\s"',;]*)?`)

func newVertexCustomJob(j *aiplatformpb.CustomJob) *VertexCustomJob {
	spec := j.GetJobSpec()
	r := &VertexCustomJob{
		Meta:                meta(j.GetName(), j.GetDisplayName(), j.GetLabels()),
		ResourceName:        j.GetName(),
		DisplayName:         j.GetDisplayName(),
		State:               j.GetState().String(),
		ServiceAccount:      spec.GetServiceAccount(),
		Network:             spec.GetNetwork(),
		CMEK:                cmek(j.GetEncryptionSpec().GetKmsKeyName()),
		BaseOutputDirectory: spec.GetBaseOutputDirectory().GetOutputUriPrefix(),
		EnableWebAccess:     spec.GetEnableWebAccess(),
		Error:               j.GetError().GetMessage(),
		WorkerPools:         []WorkerPool{},
		EnvNames:            []string{},
		InputURIs:           []string{},
		CreateTime:          timeOf(j.GetCreateTime()),
		StartTime:           timeOf(j.GetStartTime()),
		EndTime:             timeOf(j.GetEndTime()),
	}
	envs := map[string]bool{}
	inputs := map[string]bool{}
	var args []string
	r.Secrets = []redact.Finding{}
	for i, wp := range spec.GetWorkerPoolSpecs() {
		p := WorkerPool{MachineType: wp.GetMachineSpec().GetMachineType(), ReplicaCount: wp.GetReplicaCount(), PackageURIs: []string{}}
		// Environment variable values and arguments can hold credentials:
		// only the names are kept, and the values are judged by the redactor.
		where := fmt.Sprintf("worker_pool_specs[%d].", i)
		var env []*aiplatformpb.EnvVar
		var poolArgs []string
		if c := wp.GetContainerSpec(); c != nil {
			p.ImageURI = c.GetImageUri()
			poolArgs = append(append(poolArgs, c.GetCommand()...), c.GetArgs()...)
			env = append(env, c.GetEnv()...)
		}
		if py := wp.GetPythonPackageSpec(); py != nil {
			p.ImageURI, p.PythonModule = py.GetExecutorImageUri(), py.GetPythonModule()
			p.PackageURIs = append(p.PackageURIs, py.GetPackageUris()...)
			poolArgs = append(poolArgs, py.GetArgs()...)
			env = append(env, py.GetEnv()...)
		}
		for _, n := range redact.Env(&r.Secrets, where+"env.", envMap(env)) {
			envs[n] = true
		}
		redact.Judge(&r.Secrets, where+"args", poolArgs)
		args = append(args, poolArgs...)
		r.WorkerPools = append(r.WorkerPools, p)
	}
	for _, a := range args {
		for _, u := range gcsURI.FindAllString(a, -1) {
			inputs[u] = true
		}
	}
	r.EnvNames, r.InputURIs = sortedSet(envs), sortedSet(inputs)
	return r
}

func newVertexTrainingPipeline(p *aiplatformpb.TrainingPipeline) *VertexTrainingPipeline {
	r := &VertexTrainingPipeline{
		Meta:                meta(p.GetName(), p.GetDisplayName(), p.GetLabels()),
		ResourceName:        p.GetName(),
		DisplayName:         p.GetDisplayName(),
		State:               p.GetState().String(),
		TrainingTask:        p.GetTrainingTaskDefinition(),
		AnnotationSchemaURI: p.GetInputDataConfig().GetAnnotationSchemaUri(),
		OutputURIPrefix:     p.GetInputDataConfig().GetGcsDestination().GetOutputUriPrefix(),
		ModelDisplayName:    p.GetModelToUpload().GetDisplayName(),
		ModelID:             p.GetModelId(),
		CMEK:                cmek(p.GetEncryptionSpec().GetKmsKeyName()),
		Error:               p.GetError().GetMessage(),
		CreateTime:          timeOf(p.GetCreateTime()),
		EndTime:             timeOf(p.GetEndTime()),
	}
	if id := p.GetInputDataConfig().GetDatasetId(); id != "" {
		// The dataset lives in the pipeline's project and location.
		r.Dataset = path.Dir(path.Dir(p.GetName())) + "/datasets/" + id
	}
	return r
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
