package aws

import (
	"context"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// bedrockService is the service name of Bedrock API keys (IAM
// service-specific credentials).
const bedrockService = "bedrock.amazonaws.com"

// BedrockAPIKey is a long-term Bedrock API key: metadata only. The secret is
// returned by IAM only when the key is created or reset, which aispm never does.
type BedrockAPIKey struct {
	cloud.Meta
	ID              string     `json:"id"`
	CredentialID    string     `json:"service_specific_credential_id"`
	UserName        string     `json:"user_name"`
	UserArn         string     `json:"user_arn"`
	Status          string     `json:"status"`
	ServiceUserName string     `json:"service_user_name,omitempty"`
	Alias           string     `json:"service_credential_alias,omitempty"`
	CreateDate      *time.Time `json:"create_date,omitempty"`
	ExpirationDate  *time.Time `json:"expiration_date,omitempty"`
}

// ListBedrockAPIKeys streams every user's Bedrock API keys in one listing
// (ListServiceSpecificCredentials with AllUsers), or one user's.
func ListBedrockAPIKeys(ctx context.Context, c *Clients, account, user string, emit func(*BedrockAPIKey) bool) error {
	in := &iam.ListServiceSpecificCredentialsInput{ServiceName: aws.String(bedrockService)}
	if user != "" {
		in.UserName = aws.String(user)
	} else {
		in.AllUsers = aws.Bool(true)
	}
	// The SDK has no paginator for this operation: follow Marker by hand.
	for {
		out, err := c.IAM.ListServiceSpecificCredentials(ctx, in)
		if err != nil {
			if user != "" && cloud.IsNotFound(err) {
				return nil // no such user
			}
			return err
		}
		for _, k := range out.ServiceSpecificCredentials {
			if !emit(newBedrockAPIKey(account, k)) {
				return nil
			}
		}
		if !out.IsTruncated || aws.ToString(out.Marker) == "" || aws.ToString(out.Marker) == aws.ToString(in.Marker) {
			return nil
		}
		in.Marker = out.Marker
	}
}

func newBedrockAPIKey(account string, k types.ServiceSpecificCredentialMetadata) *BedrockAPIKey {
	id, user := aws.ToString(k.ServiceSpecificCredentialId), aws.ToString(k.UserName)
	userArn := "arn:aws:iam::" + account + ":user/" + user
	full := userArn + "/service-specific-credential/" + id
	return &BedrockAPIKey{
		Meta: cloud.Meta{Name: id, Akas: []string{full}, Tags: map[string]string{}},
		ID:   full, CredentialID: id, UserName: user, UserArn: userArn, Status: string(k.Status),
		ServiceUserName: aws.ToString(k.ServiceUserName), Alias: aws.ToString(k.ServiceCredentialAlias),
		CreateDate: k.CreateDate, ExpirationDate: k.ExpirationDate,
	}
}

// Unified maps the key to the provider-neutral shape.
func (k *BedrockAPIKey) Unified() cloud.Row {
	m := k.Meta
	m.Location = Global
	return &cloud.Key{Meta: m, Scope: k.AccountID, ID: k.ID, Kind: "bedrock_api_key", Service: IAM,
		Target: bedrockService, Enabled: cloud.Ptr(k.Status == string(types.StatusTypeActive)),
		// What the key can call is the user's IAM policies, which aispm does not evaluate.
		Restricted: nil, CanCallAI: cloud.Ptr(true),
		CreatedAt: k.CreateDate, ExpiresAt: k.ExpirationDate, Detail: k}
}
