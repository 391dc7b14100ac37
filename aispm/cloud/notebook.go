package cloud

import "time"

// Notebook is the provider-neutral shape of an interactive ML compute
// environment: a notebook instance, a Workbench VM, a runtime template, an ML
// compute instance. One row of aispm_notebook whatever cloud it came from.
type Notebook struct {
	Meta
	Scope              string     `json:"scope"`
	ID                 string     `json:"id"`
	Kind               string     `json:"kind"`
	Service            string     `json:"service"`
	State              string     `json:"state,omitempty"`
	InternetAccess     *bool      `json:"internet_access"`
	PublicIP           *bool      `json:"public_ip"`
	RootAccess         *bool      `json:"root_access"`
	IdleShutdown       *bool      `json:"idle_shutdown"`
	Identity           string     `json:"identity,omitempty"`
	DefaultIdentity    *bool      `json:"default_identity"`
	Network            string     `json:"network,omitempty"`
	Subnet             string     `json:"subnet,omitempty"`
	EncryptionKey      string     `json:"encryption_key,omitempty"`
	CustomerManagedKey *bool      `json:"customer_managed_key"`
	CreatedAt          *time.Time `json:"created_at,omitempty"`
	Detail             any        `json:"detail"`
}
