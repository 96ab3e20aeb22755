// Package static embeds the stylesheets and the small script that enhances pages.
package static

import "embed"

// FS holds the files served under /static/.
//
//go:embed *.css *.js
var FS embed.FS
