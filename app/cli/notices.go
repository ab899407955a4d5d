package cli

import (
	"context"
	"fmt"

	"marketdesk/app/manage"
)

// runNotices runs `notices secret APP` and `notices secrets`.
func runNotices(ctx context.Context, inv Invocation, env Env) int {
	var secret string
	if inv.Command == "notices secret" { // read before anything else waits on the keychain
		s, err := readSecret(env, inv.Args[0])
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		secret = s
	}
	ins, me, err := openAsMe(ctx, env)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer ins.Close()
	secrets := ins.Manager.NoticeSecrets()
	if inv.Command == "notices secrets" {
		list, err := secrets.List(ctx, me)
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, list, secretsText(list), true)
	}
	st, err := secrets.Set(ctx, me, inv.Args[0], secret)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	delivered := ins.Outbox.DeliverDue(ctx) // notices that waited for it
	text := fmt.Sprintf("the signing secret of %s's deauthorization notices is set\n", st.ListingID)
	if st.PreviousUntil != "" {
		text += fmt.Sprintf("the previous secret also signs until %s (rotation)\n", st.PreviousUntil)
	}
	if delivered > 0 {
		text += fmt.Sprintf("%d waiting notice(s) delivered\n", delivered)
	}
	return printOut(env, inv.JSON, map[string]any{"secret": st, "delivered": delivered}, text, true)
}

// readSecret reads the secret from standard input, never argv (other OS
// users see a process's arguments; shells keep them in their history):
// without echo from a terminal, else the first line of the pipe or file.
func readSecret(env Env, app string) (string, error) {
	label := "Signing secret for " + app + " (whsec_…, from the developer's console)"
	return newSecretInput(env.Stdin, env.Stderr).read("secret", label)
}

func secretsText(list []manage.SecretStatus) string {
	if len(list) == 0 {
		return "no listing has a notice signing secret yet (marketdesk notices secret APP_ID)\n"
	}
	t := newTable("APP", "SET", "BY", "PREVIOUS SIGNS UNTIL")
	for _, s := range list {
		until := s.PreviousUntil
		if until == "" {
			until = "-"
		}
		t.row(s.ListingID, s.SetAt, s.SetBy, until)
	}
	return t.String()
}
