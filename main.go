// Command steampipe-plugin-aispm serves the aispm plugin to Steampipe.
package main

import (
	"github.com/aispm/aispm/aispm"
	"github.com/aispm/aispm/internal/memlimit"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

func main() {
	memlimit.Apply()
	defer aispm.Shutdown() //nolint:errcheck // the process is exiting
	plugin.Serve(&plugin.ServeOpts{PluginFunc: aispm.Plugin})
}
