// Package timeline draws timeline charts: the figures that claim records
// give for one item category, plotted against the date each claim was made,
// as a PNG with a caption that lists the sources and every claim it could
// not plot. It owns the chart's selection rules (which claims, where on the
// time axis), its drawing (with gonum.org/v1/plot) and its bundled fonts
// (fonts/, with their licences), which cover Latin, Cyrillic (Ukrainian
// included) and Hangul.
//
// Figures are never added up or merged: each figure of each claim is its
// own marker, labelled with the claimant. Retracted and superseded records
// are never shown. The same corpus and query always give the same bytes on
// one platform (no clock, no map order, a fixed 1200×700 size).
package timeline
