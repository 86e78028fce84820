package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	acl "github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// auth returns the users' service on the open store: credentials in the
// SQLite file, or in the cache file beside a server's data.
func (c *cli) auth(ctx context.Context) (*auth.Service, error) {
	if _, err := c.open(ctx); err != nil {
		return nil, err
	}
	creds, ok := c.snaps.(eventstore.CredentialStore)
	if !ok {
		return nil, fmt.Errorf("lumbung: the store %s keeps no credentials", c.storeURL)
	}
	return auth.New(c.svc, creds, auth.Options{Clock: c.clock}), nil
}

// parseRoles reads the --role flags.
func parseRoles(names []string) ([]acl.Role, error) {
	roles := make([]acl.Role, 0, len(names))
	for _, n := range names {
		r, err := acl.ParseRole(n)
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// readPassword reads one line from standard input: the password.
func (c *cli) readPassword() (string, error) {
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError{fmt.Errorf("--password-stdin: no password on standard input")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (c *cli) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the people who use the ledger: users, roles, passwords, API tokens"}
	cmd.AddCommand(c.userAddCommand(), c.userRolesCommand(true), c.userRolesCommand(false), c.userDisableCommand(),
		c.userPasswdCommand(), c.userTokenCommand(), c.userTokenRevokeCommand(), c.userListCommand())
	return cmd
}

func (c *cli) userAddCommand() *cobra.Command {
	var name, memberID string
	var roleNames []string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "add USERNAME --name NAME --role ROLE [--role ROLE...] [--member ID] [--password-stdin]",
		Short: "Add a user; prints a generated password once unless one is read from standard input",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			roles, err := parseRoles(roleNames)
			if err != nil {
				return err
			}
			password := ""
			if fromStdin {
				if password, err = c.readPassword(); err != nil {
					return err
				}
			}
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			a, err := c.auth(ctx)
			if err != nil {
				return err
			}
			generated, err := a.AddUser(ctx, app.Actor(c.actor), coop, auth.NewUser{Username: args[0], Name: name, Roles: roles, Member: member.ID(memberID), Password: password})
			if err != nil {
				return err
			}
			pr := c.printer
			c.say(pr.T("Pengguna %s (%s) ditambahkan dengan peran %s.", "User %s (%s) added with roles %s."), args[0], name, joinRoles(roles))
			if generated != "" {
				c.showPassword(args[0], generated)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "the person's name (required)")
	f.StringArrayVar(&roleNames, "role", nil, "a role: admin, bendahara, teller, pengurus, ketua, pengawas, auditor or anggota (repeatable; required)")
	f.StringVar(&memberID, "member", "", "the member id of an anggota")
	f.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input instead of generating one")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("role")
	return cmd
}

// showPassword prints a generated password, once.
func (c *cli) showPassword(username, password string) {
	c.say(c.printer.T("Sandi %s (hanya ditampilkan sekali ini; simpan dan berikan kepada pemiliknya): %s",
		"Password of %s (shown only this once; keep it and hand it to its owner): %s"), username, password)
}

func joinRoles(roles []acl.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func (c *cli) userRolesCommand(grant bool) *cobra.Command {
	var roleNames []string
	use, short := "grant", "Give a user roles"
	if !grant {
		use, short = "revoke", "Take roles from a user"
	}
	cmd := &cobra.Command{
		Use:   use + " USERNAME --role ROLE [--role ROLE...]",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			roles, err := parseRoles(roleNames)
			if err != nil {
				return err
			}
			coop, a, err := c.coopAuth(ctx)
			if err != nil {
				return err
			}
			pr := c.printer
			if grant {
				if err := a.Grant(ctx, app.Actor(c.actor), coop, args[0], roles...); err != nil {
					return err
				}
				c.say(pr.T("%s kini memegang peran %s.", "%s now holds roles %s."), args[0], joinRoles(roles))
				return nil
			}
			if err := a.Revoke(ctx, app.Actor(c.actor), coop, args[0], roles...); err != nil {
				return err
			}
			c.say(pr.T("%s tidak lagi memegang peran %s.", "%s no longer holds roles %s."), args[0], joinRoles(roles))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&roleNames, "role", nil, "a role (repeatable; required)")
	cmd.MarkFlagRequired("role")
	return cmd
}

func (c *cli) coopAuth(ctx context.Context) (cooperative.ID, *auth.Service, error) {
	coop, err := c.coop(ctx)
	if err != nil {
		return "", nil, err
	}
	a, err := c.auth(ctx)
	return coop, a, err
}

func (c *cli) userDisableCommand() *cobra.Command {
	return c.userNameCommand("disable USERNAME", "Stop a user from signing in; their sessions and tokens stop at once",
		(*auth.Service).Disable, "Pengguna %s dinonaktifkan.", "User %s is disabled.")
}

// userNameCommand is a user command on one name, a user's or a token's:
// do carries it out, then the person is told, in their language.
func (c *cli) userNameCommand(use, short string, do func(*auth.Service, context.Context, app.Actor, cooperative.ID, string) error, id, en string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, a, err := c.coopAuth(ctx)
			if err != nil {
				return err
			}
			if err := do(a, ctx, app.Actor(c.actor), coop, args[0]); err != nil {
				return err
			}
			c.say(c.printer.T(id, en), args[0])
			return nil
		},
	}
}

func (c *cli) userPasswdCommand() *cobra.Command {
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "passwd USERNAME [--password-stdin]",
		Short: "Set a user's password; prints a generated one once unless one is read from standard input",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			password := ""
			if fromStdin {
				var err error
				if password, err = c.readPassword(); err != nil {
					return err
				}
			}
			coop, a, err := c.coopAuth(ctx)
			if err != nil {
				return err
			}
			generated, err := a.SetPassword(ctx, app.Actor(c.actor), coop, args[0], password)
			if err != nil {
				return err
			}
			c.say(c.printer.T("Sandi %s diganti.", "The password of %s is changed."), args[0])
			if generated != "" {
				c.showPassword(args[0], generated)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input instead of generating one")
	return cmd
}

func (c *cli) userTokenCommand() *cobra.Command {
	var label string
	cmd := &cobra.Command{
		Use:   "token USERNAME --label LABEL",
		Short: "Issue an API token for scripts; prints it once (only its hash is kept)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, a, err := c.coopAuth(ctx)
			if err != nil {
				return err
			}
			tok, err := a.IssueToken(ctx, app.Actor(c.actor), coop, args[0], label)
			if err != nil {
				return err
			}
			c.say(c.printer.T("Token %s untuk %s (hanya ditampilkan sekali ini; kirim sebagai Authorization: Bearer):", "Token %s for %s (shown only this once; send it as Authorization: Bearer):"), tok.ID, args[0])
			c.say("%s", tok.Text)
			return nil
		},
	}
	cmd.Flags().StringVar(&label, "label", "", "what the token is for (required)")
	cmd.MarkFlagRequired("label")
	return cmd
}

func (c *cli) userTokenRevokeCommand() *cobra.Command {
	return c.userNameCommand("token-revoke ID", "Revoke an API token; it stops working at once",
		(*auth.Service).RevokeToken, "Token %s dicabut.", "Token %s is revoked.")
}

func (c *cli) userListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the users, their roles and tokens",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, a, err := c.coopAuth(ctx)
			if err != nil {
				return err
			}
			users, err := a.Users(ctx, coop)
			if err != nil {
				return err
			}
			out := auth.UserList(users)
			if asJSON {
				enc := json.NewEncoder(c.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			pr := c.printer
			w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, pr.T("PENGGUNA\tNAMA\tPERAN\tANGGOTA\tSTATUS\tTOKEN AKTIF", "USERNAME\tNAME\tROLES\tMEMBER\tSTATUS\tACTIVE TOKENS"))
			for _, u := range out {
				status := pr.T("aktif", "active")
				if u.Disabled {
					status = pr.T("nonaktif", "disabled")
				}
				var active []string
				for _, t := range u.Tokens {
					if !t.Revoked {
						active = append(active, t.ID+" ("+t.Label+")")
					}
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.Name, strings.Join(u.Roles, ","), orDash(u.Member), status, orDash(strings.Join(active, ", ")))
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
