// Package projections holds the read models of the ledger. Each
// sub-package is a pure fold over decoded events, with Apply(event) and
// query methods: no I/O, no clock. internal/projector feeds them from the
// global log and keeps their snapshots; folding the same events always
// gives the same answers, which `lumbung projections rebuild` checks.
package projections
