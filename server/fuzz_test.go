package server

import (
	"testing"

	"github.com/redpen-social/redpen/courses"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/scenarios"
)

// FuzzDecodeAttempt sends arbitrary bodies to the API's flag decoding: it must never panic,
// and every flag it accepts must point inside its document.
func FuzzDecodeAttempt(f *testing.F) {
	lib, err := content.Load(content.Source{Courses: courses.FS, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"})
	if err != nil {
		f.Fatal(err)
	}
	sc, err := lib.Scenarios.Get("child-in-need-visit")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"flags":[{"document":"note","category":"transcription","selector":{"type":"TextQuoteSelector","exact":"Mum and Dad fishfingers"}}]}`))
	f.Add([]byte(`{"flags":[{"document":"source","category":"omission","selector":{"type":"TextPositionSelector","start":0,"end":5}}]}`))
	f.Add([]byte(`{"flags":[{"document":"note","category":"x","selector":{"type":"TextPositionSelector","start":-1,"end":99999999999}}]}`))
	f.Add([]byte(`{"flags":[{"document":"note","category":"fabrication","rationale":"\u0000","selector":{"type":"TextQuoteSelector","exact":"a","prefix":"","suffix":""}}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, body []byte) {
		flags, err := decodeAttempt(body, sc, lib.Taxonomy)
		if err != nil {
			if _, ok := err.(*requestError); !ok {
				t.Fatalf("error %v is not a client error", err)
			}
			return
		}
		for _, fl := range flags {
			d := sc.Doc(docName(fl.Document))
			if fl.Start < 0 || fl.End > len(d.Runes()) || fl.Start >= fl.End {
				t.Fatalf("accepted flag %+v outside its document", fl)
			}
			if _, ok := lib.Taxonomy.Category(fl.Category); !ok {
				t.Fatalf("accepted unknown category %q", fl.Category)
			}
		}
	})
}
