package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names people read to decide whom to trust (a listing's name, its
// developer's name) must look like what they are. Two defences live here:
// hiddenRune refuses names with characters that do not show or that
// reorder the text around them, and skeleton reduces a name to what it
// looks like, so that a look-alike of a verified developer is caught
// (docs/catalog-feed.md, "Verified").

// invisibleExtra are invisible characters outside the categories refused
// as a whole (see hiddenRune): fillers that render as blank, the combining
// grapheme joiner, and variation selectors other than the emoji one.
var invisibleExtra = []*unicode.RangeTable{{
	R16: []unicode.Range16{
		{Lo: 0x034F, Hi: 0x034F, Stride: 1}, // combining grapheme joiner
		{Lo: 0x115F, Hi: 0x1160, Stride: 1}, // Hangul choseong/jungseong fillers
		{Lo: 0x17B4, Hi: 0x17B5, Stride: 1}, // Khmer inherent vowels
		{Lo: 0x180B, Hi: 0x180F, Stride: 1}, // Mongolian variation selectors and vowel separator
		{Lo: 0x2800, Hi: 0x2800, Stride: 1}, // braille pattern blank
		{Lo: 0x3164, Hi: 0x3164, Stride: 1}, // Hangul filler
		{Lo: 0xFE00, Hi: 0xFE0E, Stride: 1}, // variation selectors 1-15 (FE0F, emoji, stays)
		{Lo: 0xFFA0, Hi: 0xFFA0, Stride: 1}, // halfwidth Hangul filler
	},
	R32: []unicode.Range32{
		{Lo: 0xE0100, Hi: 0xE01EF, Stride: 1}, // variation selectors 17-256
	},
}}

// hiddenRune returns the first character of s that a name must not have:
// controls (Cc), format characters (Cf: the bidi embeddings, overrides and
// isolates U+202A–202E and U+2066–2069, the marks U+200E/F and U+061C, the
// zero-width U+200B–200D, U+2060, U+FEFF, the soft hyphen, tags), line and
// paragraph separators, private-use, surrogate and unassigned code points,
// and the invisible fillers of invisibleExtra.
func hiddenRune(s string) (rune, bool) {
	for _, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) ||
			unicode.In(r, invisibleExtra...) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs) {
			return r, true
		}
	}
	return 0, false
}

// name checks a name like text does, and refuses hidden characters.
func name(p *problems, field, s string) string {
	out := text(p, field, s, 1, maxName, true)
	if r, bad := hiddenRune(s); bad {
		p.addf("%s contains an invisible or text-direction character (U+%04X): names must show as they are", field, r)
		return ""
	}
	return out
}

// confusableUpper maps capitals of other scripts that look like Latin
// capitals, before case folding (their small letters look different:
// Greek Η is H, η is n).
var confusableUpper = map[rune]rune{
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Cyrillic
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'У': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԛ': 'Q', 'Ԝ': 'W',
}

// confusableLower maps small letters and digits that look alike to one
// letter, after case folding: other scripts' look-alikes of Latin letters,
// and the classic swaps (0 and o; 1, l, i and I).
var confusableLower = map[rune]rune{
	// Cyrillic
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'l', 'ј': 'j',
	'ԁ': 'd', 'һ': 'h', 'ӏ': 'l', 'ԛ': 'q', 'ԝ': 'w', 'к': 'k', 'м': 'm', 'н': 'h', 'т': 't', 'в': 'b',
	'ё': 'e', 'ї': 'l', 'ү': 'y',
	// Greek
	'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'l', 'κ': 'k', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ε': 'e',
	'η': 'n', 'ϲ': 'c', 'ϳ': 'j',
	// Latin and digits
	'0': 'o', '1': 'l', 'i': 'l', 'ı': 'l', '|': 'l', 'ɡ': 'g', 'ɑ': 'a', 'ſ': 'f',
}

// skeleton is what a name looks like: compatibility forms folded (NFKC:
// full-width and mathematical letters), look-alike capitals mapped, case
// folded, accents and other marks removed, look-alike letters and digits
// mapped, letter pairs that read as one ("rn" as "m", "vv" as "w") joined,
// and everything but letters and digits dropped. Two names with the same
// skeleton look alike.
func skeleton(s string) string {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if m, ok := confusableUpper[r]; ok {
			return m
		}
		return r
	}, s)
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if m, ok := confusableLower[r]; ok {
			r = m
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	out := strings.ReplaceAll(b.String(), "rn", "m")
	return strings.ReplaceAll(out, "vv", "w")
}
