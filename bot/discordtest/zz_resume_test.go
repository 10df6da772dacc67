package discordtest

import "testing"

// TestResumeAfterDrop is the one test here whose session reconnects by
// itself: discordgo's own reconnect loop can outlive the test (its fake is
// gone, so it retries for ever), reading discordgo's endpoint variables,
// which pointDiscordgo writes. It lives in this file, compiled last, so
// that no test after it writes them; pointDiscordgo never restores them.
func TestResumeAfterDrop(t *testing.T) {
	fake := New(t, Options{})
	pointDiscordgo(t, fake)
	s := session(t, "Bot "+fake.Token())
	s.ShouldReconnectOnError = true
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fake.DropConnections()
	fake.WaitFor(t, "a resume", func() bool { return fake.Resumes() == 1 && fake.GatewayReady() })
	if fake.Identifies() != 1 {
		t.Errorf("identifies = %d, want 1 (the session resumed)", fake.Identifies())
	}
	// op 9 not resumable: the client identifies again on the same socket.
	fake.SendInvalidSession(false)
	fake.WaitFor(t, "a second identify", func() bool { return fake.Identifies() == 2 && fake.GatewayReady() })
}
