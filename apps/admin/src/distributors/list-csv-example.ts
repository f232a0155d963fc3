/** The columns of the distributors list's CSV, what each holds (shown on the import page). */
export const LIST_CSV_COLUMNS: readonly { name: string; what: string }[] = [
  { name: "organization", what: "The organisation's name (2–100 characters), the same on each of its rows." },
  {
    name: "distribution",
    what: "What it distributes, e.g. “Debian's coredns package” (up to 200 characters).",
  },
  { name: "security_contact", what: "The monitored address embargoed notices go to." },
  { name: "email_delivery", what: "yes or no: also send copies to the security contact by encrypted email." },
  {
    name: "contact_name",
    what: "One person of the organisation; each gets an account and an invitation email.",
  },
  { name: "contact_email", what: "That person's address (one account per address)." },
  {
    name: "team_key",
    what: "The organisation's team OpenPGP public key, armored (gpg --armor --export), in quotes. Give it on the organisation's first row; later rows may leave it empty.",
  },
];

/** A template to fill in: the keys are placeholders that the check refuses until real keys are pasted. */
export const LIST_CSV_EXAMPLE = [
  "organization,distribution,security_contact,email_delivery,contact_name,contact_email,team_key",
  `Example Linux,Example Linux's coredns package,security@example-linux.example,yes,Ana Maintainer,ana@example-linux.example,"-----BEGIN PGP PUBLIC KEY BLOCK-----

(the team's public key, as gpg --armor --export prints it)
-----END PGP PUBLIC KEY BLOCK-----"`,
  "Example Linux,Example Linux's coredns package,security@example-linux.example,yes,Bo Packager,bo@example-linux.example,",
  `Sample BSD,coredns in the Sample BSD ports,secteam@sample-bsd.example,no,Cy Porter,cy@sample-bsd.example,"-----BEGIN PGP PUBLIC KEY BLOCK-----

(Sample BSD's team key)
-----END PGP PUBLIC KEY BLOCK-----"`,
].join("\r\n");
