//go:build unix

package propose

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
)

// A publish killed after its claims file is written is finished by
// whoever publishes again, whenever: another moderator on another day
// finds the half-published files to be this proposal's own (they differ
// only in who reviewed it and when), not a conflict that needs a hand in
// the data directory.
func TestPublishKilledFinishedByAnother(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	dir, id := stagedForCrash(t)
	claimsRel := "claims/" + id + ".yaml"
	if out, killed := runCrashChild(t, "published:"+claimsRel, dir); !killed {
		t.Fatalf("the child was not killed: %q", out)
	}
	if !strings.Contains(string(readFile(t, dir, claimsRel)), "reviewed_by: ana") {
		t.Fatal("the killed publish did not write its claims file")
	}
	nextDay := func() time.Time { return crashNow().Add(24 * time.Hour) }
	pub, err := (&Staging{Dir: dir, Now: nextDay}).Publish(context.Background(), id, "bo")
	if err != nil {
		t.Fatalf("publishing again, by another moderator the next day: %v", err)
	}
	c, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, cl := range c.Claims {
		if cl.ReviewedBy == "bo" && cl.ReviewedOn.String() == "2024-02-02" {
			n++
		}
	}
	if n != len(pub.Claims) || n == 0 {
		t.Errorf("%d of the %d published records say bo reviewed them on 2024-02-02", n, len(pub.Claims))
	}
	if ids, _ := New(dir).List(); len(ids) != 0 {
		t.Errorf("still staged: %v", ids)
	}
}

// A claims file of the same name that is not this proposal's (other
// records) is still refused, and left as it was.
func TestPublishRefusesOtherClaimsFile(t *testing.T) {
	t.Parallel()
	dir, id := stagedForCrash(t)
	s := &Staging{Dir: dir, Now: crashNow}
	st, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	other := st.Records[1].Claim
	other.ReviewedBy, other.ReviewedOn = "ana", armswatch.MustDate("2024-02-01")
	yml, err := RecordsYAML("", []armswatch.Claim{other})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir+"/claims", 0o755)
	if err := os.WriteFile(dir+"/claims/"+id+".yaml", yml, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(context.Background(), id, "bo"); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("publish over another claims file: %v", err)
	}
	if got := readFile(t, dir, "claims/"+id+".yaml"); string(got) != string(yml) {
		t.Errorf("the file there changed:\n%s", got)
	}
}
