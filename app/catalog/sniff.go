package catalog

import (
	"bytes"
	"strings"
)

// sniffImage names the image type of data by its content, "" when it is
// not one of the formats the catalog shows. The type served comes from
// here, never from a file name or a server's header.
func sniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "image/webp"
	case isSVG(data):
		return "image/svg+xml"
	}
	return ""
}

// isSVG: an <svg root element, after an optional byte-order mark, XML
// declaration, comments and doctype.
func isSVG(data []byte) bool {
	s := strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\uFEFF")
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		var end string
		switch {
		case strings.HasPrefix(s, "<?xml"):
			end = "?>"
		case strings.HasPrefix(s, "<!--"):
			end = "-->"
		case strings.HasPrefix(s, "<!DOCTYPE"), strings.HasPrefix(s, "<!doctype"):
			end = ">"
		default:
			rest, ok := strings.CutPrefix(s, "<svg")
			return ok && rest != "" && strings.ContainsRune(" \t\r\n>/", rune(rest[0]))
		}
		i := strings.Index(s, end)
		if i < 0 {
			return false
		}
		s = s[i+len(end):]
	}
}
