package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// A private key file holds the key's 32-byte seed in hexadecimal on one
// line, after a header line naming what it is.
const keyHeader = "lumbung ed25519 private key"

// readKey reads a private key file.
func readKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{err}
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || strings.TrimSpace(lines[0]) != keyHeader {
		return nil, &input.Error{Field: "key", Value: path, Want: input.WantKeyFile}
	}
	seed, err := hex.DecodeString(strings.TrimSpace(lines[1]))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, &input.Error{Field: "key", Value: path, Want: input.WantKeyFile}
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func (c *cli) keysCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Officers' signing keys for seals: generate a key pair, register its public key"}
	var out string
	generate := &cobra.Command{
		Use:   "generate --out FILE",
		Short: "Generate an Ed25519 key pair: the private key to FILE (keep it off the ledger's machine), the public key printed",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{&input.Error{Field: "out", Value: "", Want: input.WantOutFile}}
			}
			public, private, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				return err
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return usageError{err}
			}
			if _, err := fmt.Fprintf(f, "%s\n%s\n", keyHeader, hex.EncodeToString(private.Seed())); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			pr := c.printer
			c.say(pr.T("Kunci privat ditulis ke %s (hanya dapat dibaca pemiliknya). Simpan di tempat aman; ledger tidak pernah menyimpannya.", "The private key is written to %s (readable by its owner only). Keep it safe; the ledger never stores it."), out)
			c.say(pr.T("Kunci publik: %s", "Public key: %s"), hex.EncodeToString(public))
			c.say(pr.T("Daftarkan: lumbung keys register --public-key %s --role ketua --decision REF", "Register it: lumbung keys register --public-key %s --role ketua --decision REF"), hex.EncodeToString(public))
			return nil
		},
	}
	generate.Flags().StringVar(&out, "out", "", "the file to write the private key to (required; never overwritten)")

	var publicHex, role, decision string
	register := &cobra.Command{
		Use:   "register --public-key HEX --role ROLE --decision REF",
		Short: "Register an officer's public key: every seal from then on must be signed with it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			public, err := hex.DecodeString(strings.TrimSpace(publicHex))
			if err != nil || len(public) != ed25519.PublicKeySize {
				return &input.Error{Field: "public-key", Value: publicHex, Want: input.WantPublicKey}
			}
			res, err := c.svc.RegisterKey(ctx, app.Actor(c.actor), coop, decision, role, public)
			if err != nil {
				return err
			}
			pr := c.printer
			if len(res.Events) == 0 {
				c.say(pr.T("Kunci ini sudah terdaftar untuk %s; tidak ada yang ditulis.", "This key is registered for %s already; nothing was written."), role)
				return nil
			}
			c.say(pr.T("Kunci publik %s… didaftarkan untuk %s: segel berikutnya harus ditandatangani dengan kunci ini (lumbung audit seal --key FILE).",
				"Public key %s… registered for %s: seals from now on must be signed with it (lumbung audit seal --key FILE)."), publicHex[:16], role)
			return nil
		},
	}
	rf := register.Flags()
	rf.StringVar(&publicHex, "public-key", "", "the public key in hexadecimal, as keys generate prints it (required)")
	rf.StringVar(&role, "role", "ketua", "the officer's role")
	rf.StringVar(&decision, "decision", "", "the board's decision (required)")
	register.MarkFlagRequired("public-key")
	register.MarkFlagRequired("decision")
	cmd.AddCommand(generate, register)
	return cmd
}

// sealCommands are `audit seal` and `audit proof`.
func (c *cli) sealCommands() []*cobra.Command {
	var asOf, keyFile string
	seal := &cobra.Command{
		Use:   "seal [--as-of D] [--key FILE]",
		Short: "Seal the log: a Merkle root over the head of every stream, signed with the chair's key when one is registered",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", asOf)
			if err != nil {
				return err
			}
			var sign app.Signer
			if keyFile != "" {
				key, err := readKey(keyFile)
				if err != nil {
					return err
				}
				sign = func(msg []byte) ([]byte, []byte) { return key.Public().(ed25519.PublicKey), ed25519.Sign(key, msg) }
			}
			s, err := c.svc.SealLog(ctx, app.Actor(c.actor), coop, on, sign)
			if err != nil {
				return err
			}
			pr := c.printer
			signed := pr.T("tanpa tanda tangan", "unsigned")
			if len(s.Signature) > 0 {
				signed = pr.T("ditandatangani", "signed")
			}
			c.say(pr.T("Segel %s (%s): %d aliran, %d peristiwa.", "Seal of %s (%s): %d streams, %d events."), pr.Date(s.On), signed, s.Streams, s.Events)
			c.say(pr.T("Akar segel (cetak di buku RAT): %x", "Seal root (print it in the RAT book): %x"), s.Root)
			return nil
		},
	}
	seal.Flags().StringVar(&asOf, "as-of", "", "the seal's date (default today)")
	seal.Flags().StringVar(&keyFile, "key", "", "the private key file to sign with (from lumbung keys generate)")

	var proofJSON bool
	var proofPackage, proofRoot string
	proof := &cobra.Command{
		Use:   "proof MEMBER [--package FILE [--root HEX]] [--json]",
		Short: "Prove that a member's passbook, as it stood at the last seal, is in the seal: its events with their hashes, the head and the path to the seal's root; from the ledger or from an auditor's package",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, err := member.ParseID(args[0])
			if err != nil {
				return err
			}
			if proofPackage != "" {
				return c.verifyPackage(ctx, proofPackage, proofRoot, "", proofJSON, func(ctx context.Context, svc *app.Service, coop cooperative.ID) error {
					return c.printProof(ctx, svc, coop, id, proofJSON)
				})
			}
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			return c.printProof(ctx, c.svc, coop, id, proofJSON)
		},
	}
	proof.Flags().StringVar(&proofPackage, "package", "", "an auditor's package from audit export: the proof from its events, with no ledger")
	proof.Flags().StringVar(&proofRoot, "root", "", "with --package: the seal root printed in the RAT book")
	proof.Flags().BoolVar(&proofJSON, "json", false, "print JSON")
	return []*cobra.Command{seal, proof, c.trailCommand()}
}

// printProof prints the inclusion proof of a member's passbook in the
// last seal of the events svc reads: the member's events up to the head
// the seal recorded, each with the hash of the one before and its own,
// then the siblings from the head to the seal's root.
func (c *cli) printProof(ctx context.Context, svc *app.Service, coop cooperative.ID, id member.ID, asJSON bool) error {
	s, h, steps, err := svc.SealProof(ctx, coop, codec.MemberStream(string(coop), string(id)))
	if err != nil {
		return err
	}
	events, err := svc.MemberEvents(ctx, coop, id)
	if err != nil {
		return err
	}
	p := report.Proof(s, h, steps, events)
	if asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(p); err != nil {
			return err
		}
	} else {
		pr := c.printer
		c.say(pr.T("Segel %s, akar %x", "Seal of %s, root %x"), pr.Date(s.On), s.Root)
		c.say(pr.T("Peristiwa %s sampai segel (revisi, tanggal, jenis, hash):", "The events of %s up to the seal (revision, date, type, hash):"), h.Stream)
		for _, e := range p.Events {
			c.say("  %4d %s %-24s %s", e.Revision, e.On, e.Type, e.Hash)
		}
		c.say(pr.T("Aliran %s: revisi %d, hash %x", "Stream %s: revision %d, hash %x"), h.Stream, h.Revision, h.Hash)
		for i, st := range steps {
			side := pr.T("kanan", "right")
			if st.Left {
				side = pr.T("kiri", "left")
			}
			c.say("  %2d %-5s %x", i+1, side, st.Hash)
		}
	}
	if !p.Verified {
		return fmt.Errorf("%w: the proof does not lead to the seal's root", eventstore.ErrCorrupt)
	}
	if !asJSON {
		c.say(c.printer.T("Bukti sah: setiap peristiwa memuat hash peristiwa sebelumnya sampai kepala aliran; daun (0x00, aliran, revisi, hash) digabung dengan %d saudara menghasilkan akar segel.",
			"The proof holds: each event carries the hash of the one before, up to the stream's head; the leaf (0x00, stream, revision, hash) with %d siblings hashes to the seal's root."), len(steps))
	}
	return nil
}

// trailCommand is `audit trail`.
func (c *cli) trailCommand() *cobra.Command {
	var memberID, account, actor, from, to, format, out string
	cmd := &cobra.Command{
		Use:   "trail [--member ID] [--account A] [--actor U] [--from D] [--to D] [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "The audit trail: who recorded what and when, with event ids; by member, account, recorder or dates recorded",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			latest, _ := st.Policies.Latest()
			zone, err := time.LoadLocation(latest.Policy.TimeZone)
			if err != nil {
				return err
			}
			f := audit.TrailFilter{Coop: string(coop), Member: memberID, Account: account, Actor: actor}
			if memberID != "" {
				if _, err := member.ParseID(memberID); err != nil {
					return err
				}
			}
			if account != "" {
				a, ok := st.Chart.Account(account)
				if !ok {
					return &input.Error{Field: "account", Value: account, Want: input.WantKnownAccount}
				}
				if a.Heading {
					return &input.Error{Field: "account", Value: account, Want: input.WantPostableAccount}
				}
			}
			for _, b := range []struct {
				field, value string
				at           *time.Time
				next         bool
			}{{"from", from, &f.From, false}, {"to", to, &f.To, true}} {
				if b.value == "" {
					continue
				}
				d, err := parseDate(b.field, b.value, calendar.Date{})
				if err != nil {
					return err
				}
				y, m, day := d.Civil()
				*b.at = time.Date(y, m, day, 0, 0, 0, 0, zone)
				if b.next {
					*b.at = b.at.AddDate(0, 0, 1) // --to includes its day
				}
			}
			t := audit.NewTrail(f)
			if _, err := projector.New(c.store, nil).Rebuild(ctx, t); err != nil {
				return err
			}
			return c.render(report.Trail(c.printer, st.Name, t, zone), format, out)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&memberID, "member", "", "a member: their stream, their loans and their purchases")
	fl.StringVar(&account, "account", "", "an account: the events that post to it, with the amounts")
	fl.StringVar(&actor, "actor", "", "who recorded")
	fl.StringVar(&from, "from", "", "recorded on or after this date")
	fl.StringVar(&to, "to", "", "recorded on or before this date")
	fl.StringVar(&format, "format", "table", "table, json, csv, xlsx or pdf")
	fl.StringVar(&out, "out", "", "write to this file")
	return cmd
}
