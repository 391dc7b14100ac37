package aws

import (
	"context"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrock"
	"github.com/aws/aws-sdk-go-v2/service/bedrock/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// bedrockTags lists a Bedrock resource's tags.
func (c *Clients) bedrockTags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := c.Bedrock.ListTagsForResource(ctx, &bedrock.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, t := range out.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// BedrockCustomModel is a fine-tuned or continued-pre-trained model with the
// data of the customization job that made it.
type BedrockCustomModel struct {
	Base
	BaseModelArn      string   `json:"base_model_arn,omitempty"`
	CustomizationType string   `json:"customization_type,omitempty"`
	Status            string   `json:"model_status,omitempty"`
	KmsKeyArn         string   `json:"model_kms_key_arn,omitempty"`
	KmsKeyCMK         *bool    `json:"model_kms_key_customer_managed"`
	JobArn            string   `json:"job_arn,omitempty"`
	TrainingDataURI   string   `json:"training_data_s3_uri,omitempty"`
	ValidationDataURI []string `json:"validation_data_s3_uris"`
	OutputDataURI     string   `json:"output_data_s3_uri,omitempty"`
}

// ListBedrockCustomModels streams the region's custom models.
func ListBedrockCustomModels(ctx context.Context, c *Clients, f NameFilter, emit func(*BedrockCustomModel) bool) error {
	return getOrList(ctx, f.Name, func(n string) *BedrockCustomModel { return &BedrockCustomModel{Base: base(n, "", nil)} },
		func(ctx context.Context, m *BedrockCustomModel) error { return GetBedrockCustomModel(ctx, c, m) },
		func() error {
			p := bedrock.NewListCustomModelsPaginator(c.Bedrock, &bedrock.ListCustomModelsInput{MaxResults: bedrockPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrock.ListCustomModelsOutput) []types.CustomModelSummary { return o.ModelSummaries },
				func(s types.CustomModelSummary) bool {
					return emit(&BedrockCustomModel{Base: base(aws.ToString(s.ModelName), aws.ToString(s.ModelArn), s.CreationTime),
						BaseModelArn: aws.ToString(s.BaseModelArn), CustomizationType: string(s.CustomizationType), Status: string(s.ModelStatus)})
				})
		}, emit)
}

// GetBedrockCustomModel fills the model's detail and tags.
func GetBedrockCustomModel(ctx context.Context, c *Clients, m *BedrockCustomModel) error {
	return detailWithTags(ctx, &m.Base, func(ctx context.Context) error {
		id := m.Arn
		if id == "" {
			id = m.Name
		}
		out, err := c.Bedrock.GetCustomModel(ctx, &bedrock.GetCustomModelInput{ModelIdentifier: aws.String(id)})
		if err != nil {
			return err
		}
		m.Name, m.Title, m.Arn, m.CreationTime = aws.ToString(out.ModelName), aws.ToString(out.ModelName), aws.ToString(out.ModelArn), out.CreationTime
		m.BaseModelArn, m.CustomizationType, m.Status = aws.ToString(out.BaseModelArn), string(out.CustomizationType), string(out.ModelStatus)
		m.KmsKeyArn, m.JobArn = aws.ToString(out.ModelKmsKeyArn), aws.ToString(out.JobArn)
		if t := out.TrainingDataConfig; t != nil {
			m.TrainingDataURI = aws.ToString(t.S3Uri)
		}
		m.ValidationDataURI = []string{}
		if v := out.ValidationDataConfig; v != nil {
			for _, val := range v.Validators {
				m.ValidationDataURI = append(m.ValidationDataURI, aws.ToString(val.S3Uri))
			}
		}
		if o := out.OutputDataConfig; o != nil {
			m.OutputDataURI = aws.ToString(o.S3Uri)
		}
		return nil
	}, c.bedrockTags)
}

// Unified maps the custom model to the provider-neutral shape.
func (m *BedrockCustomModel) Unified() cloud.Row {
	return &cloud.Model{Meta: m.located(), Scope: m.AccountID, ID: m.Arn, Kind: "bedrock_custom_model", Service: Bedrock,
		Source: m.BaseModelArn, EncryptionKey: m.KmsKeyArn, CustomerManagedKey: m.KmsKeyCMK, TrainingJob: m.JobArn, ArtifactURIs: []string{},
		DeployedTo: []string{}, CreatedAt: m.CreationTime, Detail: m}
}

// DataUses are the training and validation data of the customization job.
func (m *BedrockCustomModel) DataUses() []*cloud.Dataset {
	out := []*cloud.Dataset{m.dataUse("bedrock_customization_training", m.TrainingDataURI, m.KmsKeyArn, m.KmsKeyCMK, Bedrock, "", m)}
	for _, v := range m.ValidationDataURI {
		out = append(out, m.dataUse("bedrock_customization_validation", v, m.KmsKeyArn, m.KmsKeyCMK, Bedrock, "", m))
	}
	return out
}

// BedrockImportedModel is a model imported from S3 (Custom Model Import).
type BedrockImportedModel struct {
	Base
	Architecture string `json:"model_architecture,omitempty"`
	KmsKeyArn    string `json:"model_kms_key_arn,omitempty"`
	KmsKeyCMK    *bool  `json:"model_kms_key_customer_managed"`
	JobArn       string `json:"job_arn,omitempty"`
	SourceURI    string `json:"model_source_s3_uri,omitempty"`
}

// ListBedrockImportedModels streams the region's imported models.
func ListBedrockImportedModels(ctx context.Context, c *Clients, f NameFilter, emit func(*BedrockImportedModel) bool) error {
	return getOrList(ctx, f.Name, func(n string) *BedrockImportedModel { return &BedrockImportedModel{Base: base(n, "", nil)} },
		func(ctx context.Context, m *BedrockImportedModel) error { return GetBedrockImportedModel(ctx, c, m) },
		func() error {
			p := bedrock.NewListImportedModelsPaginator(c.Bedrock, &bedrock.ListImportedModelsInput{MaxResults: bedrockPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrock.ListImportedModelsOutput) []types.ImportedModelSummary { return o.ModelSummaries },
				func(s types.ImportedModelSummary) bool {
					return emit(&BedrockImportedModel{Base: base(aws.ToString(s.ModelName), aws.ToString(s.ModelArn), s.CreationTime),
						Architecture: aws.ToString(s.ModelArchitecture)})
				})
		}, emit)
}

// GetBedrockImportedModel fills the model's detail and tags.
func GetBedrockImportedModel(ctx context.Context, c *Clients, m *BedrockImportedModel) error {
	return detailWithTags(ctx, &m.Base, func(ctx context.Context) error {
		id := m.Arn
		if id == "" {
			id = m.Name
		}
		out, err := c.Bedrock.GetImportedModel(ctx, &bedrock.GetImportedModelInput{ModelIdentifier: aws.String(id)})
		if err != nil {
			return err
		}
		m.Name, m.Title, m.Arn, m.CreationTime = aws.ToString(out.ModelName), aws.ToString(out.ModelName), aws.ToString(out.ModelArn), out.CreationTime
		m.Architecture, m.KmsKeyArn, m.JobArn = aws.ToString(out.ModelArchitecture), aws.ToString(out.ModelKmsKeyArn), aws.ToString(out.JobArn)
		if s3, ok := out.ModelDataSource.(*types.ModelDataSourceMemberS3DataSource); ok {
			m.SourceURI = aws.ToString(s3.Value.S3Uri)
		}
		return nil
	}, c.bedrockTags)
}

// Unified maps the imported model to the provider-neutral shape.
func (m *BedrockImportedModel) Unified() cloud.Row {
	return &cloud.Model{Meta: m.located(), Scope: m.AccountID, ID: m.Arn, Kind: "bedrock_imported_model", Service: Bedrock,
		Source: m.Architecture, ArtifactURI: m.SourceURI, EncryptionKey: m.KmsKeyArn, CustomerManagedKey: m.KmsKeyCMK, TrainingJob: m.JobArn,
		DeployedTo: []string{}, CreatedAt: m.CreationTime, Detail: m}
}

// BedrockProvisionedThroughput is a provisioned throughput (a dedicated
// endpoint for a base or custom model). The list carries every field.
type BedrockProvisionedThroughput struct {
	Base
	ModelArn           string     `json:"model_arn,omitempty"`
	FoundationModelArn string     `json:"foundation_model_arn,omitempty"`
	ModelUnits         int32      `json:"model_units"`
	Status             string     `json:"status,omitempty"`
	CommitmentDuration string     `json:"commitment_duration,omitempty"`
	CommitmentExpires  *time.Time `json:"commitment_expiration_time,omitempty"`
}

// ListBedrockProvisionedThroughputs streams the region's provisioned throughputs.
func ListBedrockProvisionedThroughputs(ctx context.Context, c *Clients, emit func(*BedrockProvisionedThroughput) bool) error {
	p := bedrock.NewListProvisionedModelThroughputsPaginator(c.Bedrock, &bedrock.ListProvisionedModelThroughputsInput{MaxResults: bedrockPage})
	return pages(ctx, p.HasMorePages, p.NextPage,
		func(o *bedrock.ListProvisionedModelThroughputsOutput) []types.ProvisionedModelSummary {
			return o.ProvisionedModelSummaries
		},
		func(s types.ProvisionedModelSummary) bool {
			return emit(&BedrockProvisionedThroughput{Base: base(aws.ToString(s.ProvisionedModelName), aws.ToString(s.ProvisionedModelArn), s.CreationTime),
				ModelArn: aws.ToString(s.ModelArn), FoundationModelArn: aws.ToString(s.FoundationModelArn), ModelUnits: aws.ToInt32(s.ModelUnits),
				Status: string(s.Status), CommitmentDuration: string(s.CommitmentDuration), CommitmentExpires: s.CommitmentExpirationTime})
		})
}

// Unified maps the throughput to the provider-neutral endpoint shape: the
// Bedrock runtime API, reachable from the internet, authenticated with IAM.
func (p *BedrockProvisionedThroughput) Unified() cloud.Row {
	host := "bedrock-runtime." + p.Region + ".amazonaws.com"
	e := &cloud.Endpoint{Meta: p.located(), Scope: p.AccountID, ID: p.Arn, Kind: "bedrock_provisioned_throughput", Service: Bedrock,
		URL: "https://" + host + "/model/" + p.Arn + "/invoke", Host: host, PublicNetworkAccess: cloud.Ptr(true),
		Models: []string{p.ModelArn}, CreatedAt: p.CreationTime, Detail: p}
	return e.Authed("iam")
}

// Guardrail policies act per direction: a filter that detects but whose
// action is NONE, or whose evaluation is disabled, blocks nothing there.
// Guardrails written before per-direction settings existed return none: the
// API's defaults then apply (enabled, and the policy's own action, BLOCK for
// content, topic and word filters).

// GuardrailDirections is how a filter acts on prompts (input) and responses (output).
type GuardrailDirections struct {
	InputAction   string `json:"input_action"`
	OutputAction  string `json:"output_action"`
	InputEnabled  bool   `json:"input_enabled"`
	OutputEnabled bool   `json:"output_enabled"`
	InputBlocks   bool   `json:"input_blocks"`  // enabled, and blocks or masks what it detects
	OutputBlocks  bool   `json:"output_blocks"` // likewise on responses
}

// directions applies the API's defaults and decides whether each direction
// blocks (or masks) anything.
func directions(inAction, outAction, def string, inEnabled, outEnabled *bool, detects bool) GuardrailDirections {
	d := GuardrailDirections{InputAction: orDefault(inAction, def), OutputAction: orDefault(outAction, def),
		InputEnabled: inEnabled == nil || *inEnabled, OutputEnabled: outEnabled == nil || *outEnabled}
	d.InputBlocks = detects && d.InputEnabled && d.InputAction != "NONE"
	d.OutputBlocks = detects && d.OutputEnabled && d.OutputAction != "NONE"
	return d
}

// GuardrailFilter is a content filter with its strengths and per-direction actions.
type GuardrailFilter struct {
	Type           string `json:"type"`
	InputStrength  string `json:"input_strength"`
	OutputStrength string `json:"output_strength"`
	GuardrailDirections
}

// GuardrailPII is a sensitive-information entity (or regex) and what happens to it.
type GuardrailPII struct {
	Type   string `json:"type"`
	Action string `json:"action"`
	GuardrailDirections
}

// GuardrailTopic is a denied topic.
type GuardrailTopic struct {
	Name string `json:"name"`
	GuardrailDirections
}

// GuardrailWords summarizes the word policy: custom words and managed lists.
type GuardrailWords struct {
	Words              int      `json:"words"`
	WordsBlockingInput int      `json:"words_blocking_input"`
	WordsBlockingOut   int      `json:"words_blocking_output"`
	ManagedLists       []string `json:"managed_lists"`
	ManagedBlocking    []string `json:"managed_lists_blocking"`
}

// GuardrailGrounding is a contextual grounding filter.
type GuardrailGrounding struct {
	Type      string  `json:"type"`
	Threshold float64 `json:"threshold"`
	Action    string  `json:"action"`
	Enabled   bool    `json:"enabled"`
	Blocks    bool    `json:"blocks"` // enabled, a threshold above 0 and action BLOCK
}

// BedrockGuardrail is a guardrail (its working draft) with its policies.
type BedrockGuardrail struct {
	Base
	GuardrailID          string               `json:"guardrail_id"`
	Version              string               `json:"version,omitempty"`
	Status               string               `json:"status,omitempty"`
	ContentFilters       []GuardrailFilter    `json:"content_filters"`
	PromptAttackStrength string               `json:"prompt_attack_strength,omitempty"`
	PromptAttackBlocks   bool                 `json:"prompt_attack_blocks"`
	ContentTier          string               `json:"content_tier,omitempty"`
	DeniedTopics         []GuardrailTopic     `json:"denied_topics"`
	Words                int                  `json:"word_filter_count"`
	WordPolicy           GuardrailWords       `json:"word_policy"`
	ManagedWordLists     []string             `json:"managed_word_lists"`
	PIIEntities          []GuardrailPII       `json:"pii_entities"`
	Regexes              []GuardrailPII       `json:"regexes"`
	RegexCount           int                  `json:"regex_filter_count"`
	Grounding            []GuardrailGrounding `json:"contextual_grounding_filters"`
	KmsKeyArn            string               `json:"kms_key_arn,omitempty"`
	KmsKeyCMK            *bool                `json:"kms_key_customer_managed"`
	Versions             []string             `json:"versions"`
}

// harmCategories are the content filters every guardrail should set.
var harmCategories = []string{"HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT"}

// ListBedrockGuardrails streams the region's guardrails (an id or ARN qual is a Get).
func ListBedrockGuardrails(ctx context.Context, c *Clients, id string, emit func(*BedrockGuardrail) bool) error {
	return getOrList(ctx, id, func(id string) *BedrockGuardrail { return &BedrockGuardrail{Base: base("", "", nil), GuardrailID: id} },
		func(ctx context.Context, g *BedrockGuardrail) error { return GetBedrockGuardrail(ctx, c, g) },
		func() error {
			p := bedrock.NewListGuardrailsPaginator(c.Bedrock, &bedrock.ListGuardrailsInput{MaxResults: bedrockPage})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrock.ListGuardrailsOutput) []types.GuardrailSummary { return o.Guardrails },
				func(s types.GuardrailSummary) bool {
					return emit(&BedrockGuardrail{Base: base(aws.ToString(s.Name), aws.ToString(s.Arn), s.CreatedAt),
						GuardrailID: aws.ToString(s.Id), Version: aws.ToString(s.Version), Status: string(s.Status)})
				})
		}, emit)
}

// GetBedrockGuardrail fills the guardrail's policies, versions and tags.
func GetBedrockGuardrail(ctx context.Context, c *Clients, g *BedrockGuardrail) error {
	return detailWithTags(ctx, &g.Base, func(ctx context.Context) error {
		out, err := c.Bedrock.GetGuardrail(ctx, &bedrock.GetGuardrailInput{GuardrailIdentifier: aws.String(g.GuardrailID)})
		if err != nil {
			return err
		}
		g.Name, g.Title, g.Arn, g.CreationTime = aws.ToString(out.Name), aws.ToString(out.Name), aws.ToString(out.GuardrailArn), out.CreatedAt
		g.GuardrailID, g.Version, g.Status, g.KmsKeyArn = aws.ToString(out.GuardrailId), aws.ToString(out.Version), string(out.Status), aws.ToString(out.KmsKeyArn)
		g.readPolicies(out)
		g.Versions = []string{}
		p := bedrock.NewListGuardrailsPaginator(c.Bedrock, &bedrock.ListGuardrailsInput{MaxResults: bedrockPage, GuardrailIdentifier: aws.String(g.GuardrailID)})
		return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrock.ListGuardrailsOutput) []types.GuardrailSummary { return o.Guardrails },
			func(s types.GuardrailSummary) bool {
				g.Versions = append(g.Versions, aws.ToString(s.Version))
				return true
			})
	}, c.bedrockTags)
}

// readPolicies reads every policy of a GetGuardrail answer with what each
// filter does in each direction.
func (g *BedrockGuardrail) readPolicies(out *bedrock.GetGuardrailOutput) {
	g.ContentFilters, g.DeniedTopics, g.ManagedWordLists = []GuardrailFilter{}, []GuardrailTopic{}, []string{}
	g.PIIEntities, g.Regexes, g.Grounding = []GuardrailPII{}, []GuardrailPII{}, []GuardrailGrounding{}
	g.WordPolicy = GuardrailWords{ManagedLists: []string{}, ManagedBlocking: []string{}}
	if cp := out.ContentPolicy; cp != nil {
		for _, f := range cp.Filters {
			gf := GuardrailFilter{Type: string(f.Type), InputStrength: string(f.InputStrength), OutputStrength: string(f.OutputStrength)}
			gf.GuardrailDirections = directions(string(f.InputAction), string(f.OutputAction), "BLOCK", f.InputEnabled, f.OutputEnabled, true)
			gf.InputBlocks = gf.InputBlocks && gf.InputStrength != "NONE"
			gf.OutputBlocks = gf.OutputBlocks && gf.OutputStrength != "NONE"
			g.ContentFilters = append(g.ContentFilters, gf)
			if f.Type == types.GuardrailContentFilterTypePromptAttack {
				g.PromptAttackStrength = gf.InputStrength // prompt attacks are judged on input only
				g.PromptAttackBlocks = gf.InputBlocks
			}
		}
		if cp.Tier != nil {
			g.ContentTier = string(cp.Tier.TierName)
		}
	}
	if tp := out.TopicPolicy; tp != nil {
		for _, t := range tp.Topics {
			d := directions(string(t.InputAction), string(t.OutputAction), "BLOCK", t.InputEnabled, t.OutputEnabled, true)
			g.DeniedTopics = append(g.DeniedTopics, GuardrailTopic{Name: aws.ToString(t.Name), GuardrailDirections: d})
		}
	}
	if wp := out.WordPolicy; wp != nil {
		g.Words, g.WordPolicy.Words = len(wp.Words), len(wp.Words)
		for _, w := range wp.Words {
			d := directions(string(w.InputAction), string(w.OutputAction), "BLOCK", w.InputEnabled, w.OutputEnabled, true)
			if d.InputBlocks {
				g.WordPolicy.WordsBlockingInput++
			}
			if d.OutputBlocks {
				g.WordPolicy.WordsBlockingOut++
			}
		}
		for _, m := range wp.ManagedWordLists {
			g.ManagedWordLists = append(g.ManagedWordLists, string(m.Type))
			g.WordPolicy.ManagedLists = append(g.WordPolicy.ManagedLists, string(m.Type))
			if d := directions(string(m.InputAction), string(m.OutputAction), "BLOCK", m.InputEnabled, m.OutputEnabled, true); d.InputBlocks || d.OutputBlocks {
				g.WordPolicy.ManagedBlocking = append(g.WordPolicy.ManagedBlocking, string(m.Type))
			}
		}
	}
	if sp := out.SensitiveInformationPolicy; sp != nil {
		for _, e := range sp.PiiEntities {
			// Each direction defaults to the entity's own action.
			d := directions(string(e.InputAction), string(e.OutputAction), string(e.Action), e.InputEnabled, e.OutputEnabled, true)
			g.PIIEntities = append(g.PIIEntities, GuardrailPII{Type: string(e.Type), Action: string(e.Action), GuardrailDirections: d})
		}
		for _, r := range sp.Regexes {
			d := directions(string(r.InputAction), string(r.OutputAction), string(r.Action), r.InputEnabled, r.OutputEnabled, true)
			g.Regexes = append(g.Regexes, GuardrailPII{Type: aws.ToString(r.Name), Action: string(r.Action), GuardrailDirections: d})
		}
		g.RegexCount = len(g.Regexes)
	}
	if gp := out.ContextualGroundingPolicy; gp != nil {
		for _, f := range gp.Filters {
			gg := GuardrailGrounding{Type: string(f.Type), Threshold: aws.ToFloat64(f.Threshold), Action: orDefault(string(f.Action), "BLOCK"), Enabled: f.Enabled == nil || *f.Enabled}
			gg.Blocks = gg.Enabled && gg.Threshold > 0 && gg.Action != "NONE"
			g.Grounding = append(g.Grounding, gg)
		}
	}
}

// filtersHarm reports whether every harm category is blocked on prompts and responses.
func (g *BedrockGuardrail) filtersHarm() bool {
	on := map[string]bool{}
	for _, f := range g.ContentFilters {
		if f.InputBlocks && f.OutputBlocks {
			on[f.Type] = true
		}
	}
	for _, h := range harmCategories {
		if !on[h] {
			return false
		}
	}
	return true
}

// masksPII reports whether some PII entity or regex is blocked or masked in
// responses (what the model could echo).
func (g *BedrockGuardrail) masksPII() bool {
	for _, e := range append(append([]GuardrailPII{}, g.PIIEntities...), g.Regexes...) {
		if e.OutputBlocks {
			return true
		}
	}
	return false
}

// Unified maps the guardrail to the provider-neutral shape.
func (g *BedrockGuardrail) Unified() cloud.Row {
	grounding := false
	for _, f := range g.Grounding {
		grounding = grounding || (f.Type == "GROUNDING" && f.Blocks)
	}
	return &cloud.Guardrail{Meta: g.located(), Scope: g.AccountID, ID: g.Arn, Kind: "bedrock_guardrail", Service: Bedrock,
		PromptAttackBlocking: cloud.Ptr(g.PromptAttackBlocks), HarmFiltersStrict: cloud.Ptr(g.filtersHarm()),
		PIIFiltering: cloud.Ptr(g.masksPII()), Grounding: cloud.Ptr(grounding), EncryptionKey: g.KmsKeyArn,
		CustomerManagedKey: g.KmsKeyCMK, Detail: g}
}

// BedrockInvocationLogging is a region's model invocation logging setting:
// one row per region, configured or not.
type BedrockInvocationLogging struct {
	Base
	Enabled              bool   `json:"enabled"`
	S3Bucket             string `json:"s3_bucket,omitempty"`
	S3KeyPrefix          string `json:"s3_key_prefix,omitempty"`
	LogGroupName         string `json:"log_group_name,omitempty"`
	LogGroupKmsKeyID     string `json:"log_group_kms_key_id,omitempty"`
	LogGroupKeyCMK       *bool  `json:"log_group_kms_key_customer_managed"`
	LogGroupError        string `json:"log_group_error,omitempty"`
	S3Encryption         string `json:"s3_sse_algorithm,omitempty"`
	S3KmsKeyID           string `json:"s3_kms_key_id,omitempty"`
	S3KeyCMK             *bool  `json:"s3_kms_key_customer_managed"`
	S3Error              string `json:"s3_error,omitempty"`
	RoleArn              string `json:"role_arn,omitempty"`
	LargeDataS3Bucket    string `json:"large_data_s3_bucket,omitempty"`
	TextDataDelivery     bool   `json:"text_data_delivery"`
	ImageDataDelivery    bool   `json:"image_data_delivery"`
	EmbeddingDataDeliver bool   `json:"embedding_data_delivery"`
}

// GetBedrockInvocationLogging reads the region's logging configuration and,
// when it logs to CloudWatch, the log group's KMS key.
func GetBedrockInvocationLogging(ctx context.Context, c *Clients, account string, emit func(*BedrockInvocationLogging) bool) error {
	out, err := c.Bedrock.GetModelInvocationLoggingConfiguration(ctx, &bedrock.GetModelInvocationLoggingConfigurationInput{})
	if err != nil {
		return err
	}
	arn := "arn:aws:bedrock:" + c.Region + ":" + account + ":model-invocation-logging"
	r := &BedrockInvocationLogging{Base: base("model-invocation-logging", arn, nil)}
	r.Detailed = true
	if lc := out.LoggingConfig; lc != nil {
		r.TextDataDelivery, r.ImageDataDelivery = aws.ToBool(lc.TextDataDeliveryEnabled), aws.ToBool(lc.ImageDataDeliveryEnabled)
		r.EmbeddingDataDeliver = aws.ToBool(lc.EmbeddingDataDeliveryEnabled)
		if s := lc.S3Config; s != nil {
			r.S3Bucket, r.S3KeyPrefix = aws.ToString(s.BucketName), aws.ToString(s.KeyPrefix)
		}
		if cw := lc.CloudWatchConfig; cw != nil {
			r.LogGroupName, r.RoleArn = aws.ToString(cw.LogGroupName), aws.ToString(cw.RoleArn)
			if l := cw.LargeDataDeliveryS3Config; l != nil {
				r.LargeDataS3Bucket = aws.ToString(l.BucketName)
			}
		}
		r.Enabled = r.S3Bucket != "" || r.LogGroupName != ""
	}
	if r.S3Bucket != "" {
		// Bedrock requires the logging bucket in the same region: this region's client reads it.
		enc, err := c.S3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(r.S3Bucket)})
		switch {
		case errorCode(err) == "ServerSideEncryptionConfigurationNotFoundError":
		case err != nil:
			r.S3Error = err.Error()
		case enc.ServerSideEncryptionConfiguration != nil:
			for _, rule := range enc.ServerSideEncryptionConfiguration.Rules {
				if def := rule.ApplyServerSideEncryptionByDefault; def != nil {
					r.S3Encryption, r.S3KmsKeyID = string(def.SSEAlgorithm), aws.ToString(def.KMSMasterKeyID)
				}
			}
		}
	}
	if r.LogGroupName != "" {
		key, err := logGroupKey(ctx, c, r.LogGroupName)
		if err != nil {
			r.LogGroupError = err.Error() // the row stands; the key is unknown
		}
		r.LogGroupKmsKeyID = key
	}
	emit(r)
	return nil
}

// logGroupKey returns the KMS key of a log group ("" for AWS-owned encryption).
func logGroupKey(ctx context.Context, c *Clients, name string) (string, error) {
	key := ""
	p := newLogGroupPager(c, name)
	err := pages(ctx, p.HasMorePages, p.NextPage, logGroups, func(g logGroup) bool {
		if aws.ToString(g.LogGroupName) == name {
			key = aws.ToString(g.KmsKeyId)
			return false
		}
		return true
	})
	return key, err
}

// S3URIOf names an S3 bucket as a URI.
func S3URIOf(bucket, prefix string) string {
	if bucket == "" {
		return ""
	}
	return "s3://" + bucket + "/" + strings.TrimPrefix(prefix, "/")
}
