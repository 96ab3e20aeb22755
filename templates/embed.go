// Package templates embeds the HTML templates: one layout, shared partials and a file per page.
package templates

import "embed"

// FS holds layouts/, partials/ and pages/.
//
//go:embed layouts partials pages
var FS embed.FS
