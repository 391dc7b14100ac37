// Command steampipe-plugin-aispm serves the aispm plugin to Steampipe.
package main

import (
	"github.com/aispm/aispm/aispm"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

func main() {
	defer aispm.Shutdown() //nolint:errcheck // the process is exiting
	plugin.Serve(&plugin.ServeOpts{PluginFunc: aispm.Plugin})
}
