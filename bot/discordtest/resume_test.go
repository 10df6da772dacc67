package discordtest

import (
	"testing"
	"time"
)

// TestResumeAfterDrop is the one test here whose session reconnects by
// itself (discordgo's own reconnect loop).
func TestResumeAfterDrop(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{})
	s := session(t, fake, "Bot "+fake.Token())
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
	// op 9 not resumable: the client identifies again. An op 9 that reaches
	// the client while its own heartbeat check is replacing the connection
	// can be lost with that connection, so it is sent again (at most three
	// times) until an identify answers it.
	for attempt := 1; ; attempt++ {
		fake.SendInvalidSession(false)
		deadline := time.Now().Add(4 * time.Second)
		for fake.Identifies() < 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if fake.Identifies() >= 2 {
			break
		}
		if attempt == 3 {
			t.Fatalf("no identify after three op 9 (identifies = %d)", fake.Identifies())
		}
	}
	fake.WaitFor(t, "the session ready again", fake.GatewayReady)
}
