package catalog

import (
	"strings"
	"testing"
)

func TestRenderDescriptionIsInert(t *testing.T) {
	hostile := "# Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n" +
		"[click](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) " +
		"<a href=\"https://ok.example\" onclick=\"alert(5)\">raw</a>\n\n" +
		"![pixel](https://tracker.example/p.png)\n\n[fine](https://docs.example/start) **bold**"
	html := RenderDescription(hostile)
	for _, bad := range []string{"<script", "onerror", "onclick", "javascript:", "data:text", "<img", "tracker.example"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("rendered description contains %q:\n%s", bad, html)
		}
	}
	for _, good := range []string{"<h1>Hi</h1>", `href="https://docs.example/start"`, "<strong>bold</strong>"} {
		if !strings.Contains(html, good) {
			t.Errorf("rendered description lacks %q:\n%s", good, html)
		}
	}
}
