package timeline

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func bundled(t *testing.T) *armswatch.Corpus {
	t.Helper()
	c, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatalf("load bundled data: %v", err)
	}
	return c
}

func num(v float64) *float64 { return &v }

func qty(text string, v float64, q armswatch.Qualifier, m armswatch.Measure) *armswatch.Quantity {
	return &armswatch.Quantity{Text: text, Value: num(v), Qualifier: q, Measure: m}
}

// multilingualCorpus is a hand-built data set with claimants and sources in
// Ukrainian, Russian and Korean, and every case the chart draws: counts, a
// capacity, a range, hedged claims, dates at day, month and year precision,
// a claim placed at its source's publication date, dated and undated
// denials, a figure in words only, a figure with no date at all, a claim
// with no figure, and records that must never be shown (retracted,
// superseded, another category).
func multilingualCorpus() *armswatch.Corpus {
	d := armswatch.MustDate
	shell := armswatch.CategoryArtilleryShell
	item := func(q *armswatch.Quantity) []armswatch.Item {
		return []armswatch.Item{{Category: shell, Quantity: q}}
	}
	at := func(doc string) []armswatch.Appearance { return []armswatch.Appearance{{Doc: doc, Quote: "…"}} }
	return &armswatch.Corpus{
		Documents: []armswatch.Document{
			{ID: "ua-2024-02", Title: "Розвідка: КНДР передала Росії мільйони снарядів", Publisher: "Тестова газета", Published: d("2024-02-10"), Language: "uk"},
			{ID: "kr-2023-12", Title: "북한, 러시아에 포탄 수백만 발 제공", Publisher: "테스트 통신", Published: d("2023-12"), Language: "ko"},
			{ID: "ru-undated", Title: "Снаряды из КНДР: что известно", Language: "ru"},
		},
		Aliases: []armswatch.AliasGroup{
			{Name: "shells", Kind: armswatch.AliasTerm, Category: shell, Aliases: []string{"снаряди", "снаряды", "포탄"}},
			{Name: "Євгенія Ґудзь-Їжак", Kind: armswatch.AliasPerson, Aliases: []string{"Yevheniia Gudz-Yizhak", "Ґудзь-Їжак"}},
		},
		Claims: []armswatch.Claim{
			{ID: "budanov-1-5m", Claimant: "Кирило Буданов", Stance: armswatch.StanceAsserts, SaidOn: d("2024-01-15"),
				Items: item(qty("понад 1,5 мільйона", 1.5e6, armswatch.QualifierMoreThan, armswatch.MeasureDelivered)), Appearances: at("ua-2024-02")},
			{ID: "shin-3m-capacity", Claimant: "신원식 국방부 장관", Stance: armswatch.StanceEstimates, Hedged: true, SaidOn: d("2023-11"),
				Items: item(qty("300만 발 이상", 3e6, armswatch.QualifierMoreThan, armswatch.MeasureCapacity)), Appearances: at("kr-2023-12")},
			{ID: "gudz-range", Claimant: "Євгенія Ґудзь-Їжак", Stance: armswatch.StanceEstimates, SaidOn: d("2024-01-28"),
				Items:       []armswatch.Item{{Category: shell, Quantity: &armswatch.Quantity{Text: "від 4,2 до 5,8 мільйона", Min: num(4.2e6), Max: num(5.8e6), Qualifier: armswatch.QualifierRange, Measure: armswatch.MeasureDelivered}}},
				Appearances: at("ua-2024-02")},
			{ID: "ivanov-50k", Claimant: "Пётр Иванов", Stance: armswatch.StanceAsserts, SaidOn: d("2023"),
				Items: item(qty("около 50 000", 5e4, armswatch.QualifierAbout, armswatch.MeasureShipped)), Appearances: at("ru-undated")},
			{ID: "kim-1m-hedged", Claimant: "김철수 의원", Stance: armswatch.StanceReports, Hedged: true,
				Items:       []armswatch.Item{{Category: shell, Caliber: "152 mm", Quantity: qty("약 100만 발", 1e6, armswatch.QualifierAbout, armswatch.MeasureFired)}},
				Appearances: at("kr-2023-12")},
			{ID: "austin-same-day", Claimant: "Lloyd Austin", Stance: armswatch.StanceAsserts, SaidOn: d("2024-01-15"),
				Items: item(qty("more than 1.5 million", 1.5e6, armswatch.QualifierMoreThan, armswatch.MeasureDelivered)), Appearances: at("ua-2024-02")},
			{ID: "zakharova-denies", Claimant: "Мария Захарова", Stance: armswatch.StanceDenies, SaidOn: d("2023-09-14"), Appearances: at("ru-undated")},
			{ID: "kcna-denies", Claimant: "조선중앙통신", Stance: armswatch.StanceDenies, Items: []armswatch.Item{{Category: shell}}, Appearances: at("kr-2023-12")},
			{ID: "kremlin-denies-undated", Claimant: "Дмитрий Песков", Stance: armswatch.StanceDenies, Appearances: at("ru-undated")},
			{ID: "retracted-9m", Claimant: "Retracted Source", Stance: armswatch.StanceAsserts, SaidOn: d("2024-01-20"), Status: armswatch.StatusRetracted,
				Items: item(qty("9 million", 9e6, armswatch.QualifierExact, armswatch.MeasureDelivered)), Appearances: at("ua-2024-02")},
			{ID: "superseded-8m", Claimant: "Superseded Source", Stance: armswatch.StanceAsserts, SaidOn: d("2024-01-21"), Status: armswatch.StatusSuperseded, SupersededBy: "budanov-1-5m",
				Items: item(qty("8 million", 8e6, armswatch.QualifierExact, armswatch.MeasureDelivered)), Appearances: at("ua-2024-02")},
			{ID: "words-only", Claimant: "Ґалина Єрмак", Stance: armswatch.StanceAsserts, SaidOn: d("2024-02-01"),
				Items:       []armswatch.Item{{Category: shell, Quantity: &armswatch.Quantity{Text: "десятки тисяч", Qualifier: armswatch.QualifierUnspecified, Measure: armswatch.MeasureDelivered}}},
				Appearances: at("ua-2024-02")},
			{ID: "no-date-2m", Claimant: "Анонимный источник", Stance: armswatch.StanceAsserts,
				Items: item(qty("2 млн", 2e6, armswatch.QualifierExact, armswatch.MeasureDelivered)), Appearances: at("ru-undated")},
			{ID: "no-figure", Claimant: "합동참모본부", Stance: armswatch.StanceWarns, SaidOn: d("2023-12-05"),
				Items: []armswatch.Item{{Category: shell}}, Appearances: at("kr-2023-12")},
			{ID: "missiles-only", Claimant: "Андрій Костін", Stance: armswatch.StanceAsserts, SaidOn: d("2024-01-10"),
				Items:       []armswatch.Item{{Category: armswatch.CategoryBallisticMissile, Quantity: qty("щонайменше 24", 24, armswatch.QualifierAtLeast, armswatch.MeasureFired)}},
				Appearances: at("ua-2024-02")},
		},
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./timeline -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		out := filepath.Join(t.TempDir(), name)
		os.WriteFile(out, got, 0o644)
		t.Errorf("%s differs from the golden file (got %d bytes, want %d); new output in %s; if the change is intended, rerun with -update",
			name, len(got), len(want), out)
	}
}

func TestGoldenCharts(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("golden PNG bytes are fixed for linux/amd64")
	}
	cases := []struct {
		name   string
		corpus *armswatch.Corpus
		q      Query
	}{
		{"shells", bundled(t), Query{Item: "shells"}},
		{"multilingual", multilingualCorpus(), Query{Item: "снаряди"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Two renders at once (as the bot may do) must give the same bytes.
			done := make(chan Chart, 1)
			go func() {
				again, err := Render(tc.corpus, tc.q)
				if err != nil {
					t.Error(err)
				}
				done <- again
			}()
			ch, err := Render(tc.corpus, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			again := <-done
			img, err := png.Decode(bytes.NewReader(ch.PNG))
			if err != nil {
				t.Fatalf("decode PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 700 {
				t.Errorf("size %dx%d, want 1200x700", b.Dx(), b.Dy())
			}
			if !bytes.Equal(ch.PNG, again.PNG) || ch.Caption.String() != again.Caption.String() {
				t.Error("two renders of the same data differ")
			}
			golden(t, tc.name+".png", ch.PNG)
			golden(t, tc.name+".caption.txt", []byte(ch.Caption.String()))
		})
	}
}
