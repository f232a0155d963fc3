/**
 * Scored vectors published by FIRST, used to check the scoring library before trusting it.
 *
 * - CVSS 3.0: "CVSS v3.0 Examples" document (first.org/cvss/v3.0/examples), base scores.
 * - CVSS 3.1: "CVSS v3.1 Examples" document (first.org/cvss/v3.1/examples), base scores, plus the
 *   out-of-order vector of the 3.1 specification §6.
 * - CVSS 4.0: FIRST CVSS SIG "CVSS v4 Calculator Validation Reference Set"
 *   (github FIRSTdotorg/cvss-resources, vectorFiles/reference-scores): a slice of the max-equivalency
 *   set and a slice of the randomised full BTE + Supplemental vectors, with FIRST's scores.
 *
 * Only the vectors and scores are kept (no descriptions); `id` is where to look the example up.
 */
export interface ScoredExample {
  readonly id: string;
  readonly vector: string;
  readonly score: number;
}

export const CVSS30_EXAMPLES: readonly ScoredExample[] = [
  { id: "CVE-2013-1937", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", score: 6.1 },
  { id: "CVE-2013-0375", vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", score: 6.4 },
  { id: "CVE-2014-3566", vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", score: 3.1 },
  { id: "CVE-2012-1516", vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", score: 9.9 },
  { id: "CVE-2009-0783", vector: "CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", score: 4.2 },
  { id: "CVE-2012-0384", vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2015-1098", vector: "CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 7.8 },
  { id: "CVE-2014-0160", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", score: 7.5 },
  { id: "CVE-2014-6271", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8 },
  { id: "CVE-2008-1447", vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", score: 6.8 },
  { id: "CVE-2014-2005", vector: "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 6.8 },
  { id: "CVE-2010-0467", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", score: 5.8 },
  { id: "CVE-2012-1342", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", score: 5.8 },
  { id: "CVE-2013-6014", vector: "CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", score: 9.3 },
  { id: "CVE-2014-9253", vector: "CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", score: 5.4 },
  { id: "CVE-2009-0658", vector: "CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 7.8 },
  { id: "CVE-2011-1265", vector: "CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2014-2019", vector: "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", score: 4.6 },
  { id: "CVE-2015-0970", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2014-0224", vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", score: 7.4 },
  { id: "CVE-2012-5376", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", score: 9.6 },
];

export const CVSS31_EXAMPLES: readonly ScoredExample[] = [
  { id: "CVE-2013-1937", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", score: 6.1 },
  { id: "CVE-2013-0375", vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", score: 6.4 },
  { id: "CVE-2014-3566", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", score: 3.1 },
  { id: "CVE-2012-1516", vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", score: 9.9 },
  { id: "CVE-2009-0783", vector: "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", score: 4.2 },
  { id: "CVE-2012-0384", vector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", score: 7.2 },
  { id: "CVE-2015-1098", vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 7.8 },
  { id: "CVE-2014-0160", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", score: 7.5 },
  { id: "CVE-2014-6271", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8 },
  { id: "CVE-2008-1447", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", score: 6.8 },
  { id: "CVE-2014-2005", vector: "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 6.8 },
  { id: "CVE-2010-0467", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", score: 5.8 },
  { id: "CVE-2012-1342", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", score: 5.8 },
  { id: "CVE-2013-6014", vector: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", score: 9.3 },
  { id: "CVE-2019-7551", vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", score: 9.0 },
  { id: "CVE-2009-0658", vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 7.8 },
  { id: "CVE-2011-1265", vector: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2014-2019", vector: "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", score: 4.6 },
  { id: "CVE-2015-0970", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2014-0224", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", score: 7.4 },
  { id: "CVE-2012-5376", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", score: 9.6 },
  { id: "CVE-2016-1645", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 8.8 },
  { id: "CVE-2016-0128", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", score: 6.8 },
  { id: "CVE-2017-5942", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", score: 6.1 },
  { id: "CVE-2018-18913", vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", score: 7.8 },
  { id: "CVE-2016-5558", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", score: 8.6 },
  { id: "CVE-2016-5729", vector: "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", score: 8.2 },
  { id: "CVE-2015-2890", vector: "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H", score: 6.0 },
  { id: "CVE-2018-3652", vector: "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", score: 7.6 },
  { id: "spec-3.1-§6-reordered", vector: "CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N", score: 3.8 },
];

const B = "CVSS:4.0/";
export const CVSS40_EXAMPLES: readonly ScoredExample[] = [
  // Max equivalency set (reference-scores, first section).
  {
    id: "ref-eq-1",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 10,
  },
  {
    id: "ref-eq-2",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.8,
  },
  {
    id: "ref-eq-3",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.5,
  },
  {
    id: "ref-eq-4",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H`,
    score: 10,
  },
  {
    id: "ref-eq-5",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H`,
    score: 9.3,
  },
  {
    id: "ref-eq-6",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H`,
    score: 9.1,
  },
  {
    id: "ref-eq-7",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/CR:H/IR:H/AR:H`,
    score: 9.3,
  },
  {
    id: "ref-eq-8",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P/CR:H/IR:H/AR:H`,
    score: 8.9,
  },
  {
    id: "ref-eq-9",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H`,
    score: 8.1,
  },
  {
    id: "ref-eq-10",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.9,
  },
  {
    id: "ref-eq-11",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.5,
  },
  {
    id: "ref-eq-12",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.2,
  },
  {
    id: "ref-eq-13",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H`,
    score: 9.5,
  },
  {
    id: "ref-eq-14",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H`,
    score: 9,
  },
  {
    id: "ref-eq-15",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H`,
    score: 8.4,
  },
  {
    id: "ref-eq-16",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/CR:H/IR:H/AR:H`,
    score: 9.2,
  },
  {
    id: "ref-eq-17",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P/CR:H/IR:H/AR:H`,
    score: 8.2,
  },
  {
    id: "ref-eq-18",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H`,
    score: 7.2,
  },
  {
    id: "ref-eq-19",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:M/IR:M/AR:M/MSI:S/MSA:S`,
    score: 9.9,
  },
  {
    id: "ref-eq-20",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:M/IR:M/AR:M/MSI:S/MSA:S`,
    score: 9.5,
  },
  {
    id: "ref-eq-21",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M/MSI:S/MSA:S`,
    score: 9.2,
  },
  {
    id: "ref-eq-22",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:M/IR:M/AR:M`,
    score: 9.6,
  },
  {
    id: "ref-eq-23",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:M/IR:M/AR:M`,
    score: 8.7,
  },
  {
    id: "ref-eq-24",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M`,
    score: 8.1,
  },
  {
    id: "ref-eq-25",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/CR:M/IR:M/AR:M`,
    score: 9,
  },
  {
    id: "ref-eq-26",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P/CR:M/IR:M/AR:M`,
    score: 8,
  },
  {
    id: "ref-eq-27",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U/CR:M/IR:M/AR:M`,
    score: 6.8,
  },
  {
    id: "ref-eq-28",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H`,
    score: 2.7,
  },
  {
    id: "ref-eq-29",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:H/SC:L/SI:L/SA:L/E:U/CR:M/IR:H/AR:M`,
    score: 3,
  },
  {
    id: "ref-eq-30",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H`,
    score: 1.7,
  },
  {
    id: "ref-eq-31",
    vector: `${B}AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MSI:S/MSA:S`,
    score: 9.8,
  },
  {
    id: "ref-eq-32",
    vector: `${B}AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H`,
    score: 7.7,
  },
  {
    id: "ref-eq-33",
    vector: `${B}AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H`,
    score: 5.2,
  },
  {
    id: "ref-eq-34",
    vector: `${B}AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M`,
    score: 6.4,
  },
  // Randomised full vectors (reference-scores, later section): every group including Supplemental.
  {
    id: "ref-full-1",
    vector: `${B}AV:P/AC:L/AT:N/PR:L/UI:A/VC:N/VI:H/VA:L/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H/MAV:A/MAC:X/MAT:N/MPR:X/MUI:X/MVC:N/MVI:H/MVA:H/MSC:N/MSI:H/MSA:S/S:N/AU:X/R:I/V:X/RE:M/U:Clear`,
    score: 7.1,
  },
  {
    id: "ref-full-2",
    vector: `${B}AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:H/SI:L/SA:L/E:A/CR:H/IR:X/AR:H/MAV:P/MAC:X/MAT:X/MPR:H/MUI:A/MVC:H/MVI:X/MVA:X/MSC:L/MSI:L/MSA:H/S:X/AU:Y/R:A/V:X/RE:L/U:Green`,
    score: 7,
  },
  {
    id: "ref-full-3",
    vector: `${B}AV:N/AC:H/AT:N/PR:N/UI:P/VC:N/VI:N/VA:H/SC:H/SI:N/SA:N/E:A/CR:M/IR:X/AR:M/MAV:N/MAC:L/MAT:P/MPR:N/MUI:A/MVC:L/MVI:X/MVA:H/MSC:H/MSI:N/MSA:L/S:N/AU:N/R:A/V:X/RE:L/U:Red`,
    score: 5.7,
  },
  {
    id: "ref-full-4",
    vector: `${B}AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:L/VA:H/SC:L/SI:H/SA:N/E:X/CR:H/IR:X/AR:X/MAV:A/MAC:X/MAT:P/MPR:X/MUI:N/MVC:X/MVI:N/MVA:L/MSC:X/MSI:X/MSA:L/S:P/AU:Y/R:U/V:C/RE:M/U:Red`,
    score: 7.1,
  },
  {
    id: "ref-full-5",
    vector: `${B}AV:L/AC:H/AT:P/PR:H/UI:N/VC:N/VI:H/VA:L/SC:L/SI:H/SA:N/E:U/CR:X/IR:L/AR:H/MAV:P/MAC:L/MAT:P/MPR:X/MUI:A/MVC:N/MVI:X/MVA:X/MSC:L/MSI:H/MSA:X/S:N/AU:X/R:X/V:C/RE:H/U:Amber`,
    score: 0.6,
  },
  {
    id: "ref-full-6",
    vector: `${B}AV:N/AC:H/AT:N/PR:N/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:H/E:X/CR:X/IR:X/AR:M/MAV:N/MAC:X/MAT:X/MPR:L/MUI:A/MVC:H/MVI:N/MVA:X/MSC:H/MSI:N/MSA:N/S:X/AU:X/R:X/V:C/RE:M/U:Green`,
    score: 6.8,
  },
  {
    id: "ref-full-7",
    vector: `${B}AV:L/AC:L/AT:P/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:L/SA:N/E:U/CR:X/IR:X/AR:X/MAV:L/MAC:H/MAT:P/MPR:H/MUI:A/MVC:L/MVI:X/MVA:H/MSC:X/MSI:N/MSA:N/S:X/AU:Y/R:I/V:C/RE:H/U:Red`,
    score: 0.7,
  },
  {
    id: "ref-full-8",
    vector: `${B}AV:P/AC:L/AT:N/PR:H/UI:A/VC:H/VI:L/VA:H/SC:N/SI:N/SA:L/E:X/CR:X/IR:H/AR:M/MAV:P/MAC:L/MAT:N/MPR:H/MUI:N/MVC:N/MVI:N/MVA:L/MSC:N/MSI:L/MSA:S/S:X/AU:Y/R:X/V:C/RE:L/U:Clear`,
    score: 6,
  },
  {
    id: "ref-full-9",
    vector: `${B}AV:A/AC:L/AT:N/PR:N/UI:P/VC:N/VI:H/VA:H/SC:H/SI:N/SA:L/E:A/CR:H/IR:M/AR:M/MAV:N/MAC:X/MAT:P/MPR:X/MUI:A/MVC:H/MVI:L/MVA:L/MSC:X/MSI:S/MSA:L/S:P/AU:X/R:X/V:C/RE:L/U:Clear`,
    score: 8.6,
  },
  {
    id: "ref-full-10",
    vector: `${B}AV:N/AC:L/AT:P/PR:H/UI:N/VC:H/VI:L/VA:L/SC:H/SI:H/SA:H/E:X/CR:L/IR:L/AR:X/MAV:L/MAC:H/MAT:P/MPR:L/MUI:A/MVC:N/MVI:N/MVA:X/MSC:H/MSI:L/MSA:S/S:P/AU:N/R:U/V:X/RE:L/U:Green`,
    score: 4.8,
  },
  {
    id: "ref-full-11",
    vector: `${B}AV:N/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:H/SC:L/SI:N/SA:L/E:U/CR:X/IR:H/AR:M/MAV:L/MAC:X/MAT:P/MPR:H/MUI:X/MVC:L/MVI:N/MVA:N/MSC:L/MSI:S/MSA:H/S:N/AU:X/R:U/V:D/RE:H/U:Red`,
    score: 1.1,
  },
  {
    id: "ref-full-12",
    vector: `${B}AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:N/SI:H/SA:N/E:U/CR:X/IR:M/AR:L/MAV:P/MAC:L/MAT:N/MPR:H/MUI:P/MVC:N/MVI:N/MVA:H/MSC:X/MSI:N/MSA:H/S:N/AU:N/R:U/V:C/RE:L/U:Clear`,
    score: 1.5,
  },
  {
    id: "ref-full-13",
    vector: `${B}AV:N/AC:H/AT:N/PR:N/UI:A/VC:N/VI:L/VA:H/SC:H/SI:N/SA:H/E:A/CR:L/IR:L/AR:M/MAV:X/MAC:L/MAT:P/MPR:H/MUI:N/MVC:H/MVI:H/MVA:H/MSC:X/MSI:N/MSA:N/S:P/AU:X/R:I/V:X/RE:M/U:Green`,
    score: 7.2,
  },
  {
    id: "ref-full-14",
    vector: `${B}AV:N/AC:H/AT:P/PR:N/UI:P/VC:H/VI:N/VA:L/SC:L/SI:L/SA:L/E:U/CR:L/IR:H/AR:H/MAV:P/MAC:X/MAT:N/MPR:L/MUI:P/MVC:L/MVI:L/MVA:X/MSC:X/MSI:H/MSA:X/S:X/AU:X/R:A/V:X/RE:X/U:X`,
    score: 0.3,
  },
  {
    id: "ref-full-15",
    vector: `${B}AV:L/AC:H/AT:P/PR:L/UI:A/VC:N/VI:N/VA:H/SC:L/SI:L/SA:H/E:U/CR:X/IR:H/AR:L/MAV:X/MAC:H/MAT:P/MPR:H/MUI:P/MVC:H/MVI:H/MVA:X/MSC:L/MSI:X/MSA:S/S:P/AU:Y/R:A/V:D/RE:L/U:X`,
    score: 5.4,
  },
  {
    id: "ref-full-16",
    vector: `${B}AV:P/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:L/SI:N/SA:L/E:X/CR:X/IR:X/AR:M/MAV:A/MAC:X/MAT:X/MPR:H/MUI:P/MVC:L/MVI:L/MVA:N/MSC:X/MSI:L/MSA:X/S:P/AU:N/R:X/V:D/RE:X/U:Clear`,
    score: 2.4,
  },
  {
    id: "ref-full-17",
    vector: `${B}AV:L/AC:L/AT:P/PR:N/UI:P/VC:H/VI:N/VA:N/SC:N/SI:N/SA:H/E:X/CR:H/IR:H/AR:X/MAV:L/MAC:L/MAT:X/MPR:N/MUI:X/MVC:N/MVI:X/MVA:H/MSC:L/MSI:S/MSA:S/S:N/AU:X/R:A/V:X/RE:H/U:Green`,
    score: 8.6,
  },
  {
    id: "ref-full-18",
    vector: `${B}AV:P/AC:H/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:L/SI:N/SA:N/E:X/CR:M/IR:X/AR:H/MAV:X/MAC:L/MAT:X/MPR:X/MUI:A/MVC:H/MVI:H/MVA:X/MSC:H/MSI:X/MSA:L/S:P/AU:X/R:X/V:X/RE:M/U:X`,
    score: 8.2,
  },
  {
    id: "ref-full-19",
    vector: `${B}AV:P/AC:H/AT:N/PR:L/UI:P/VC:H/VI:N/VA:N/SC:L/SI:L/SA:L/E:A/CR:X/IR:M/AR:X/MAV:L/MAC:L/MAT:X/MPR:N/MUI:P/MVC:N/MVI:N/MVA:H/MSC:L/MSI:S/MSA:H/S:N/AU:Y/R:U/V:X/RE:M/U:Amber`,
    score: 9.2,
  },
  {
    id: "ref-full-20",
    vector: `${B}AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:L/SC:L/SI:N/SA:L/E:A/CR:L/IR:M/AR:X/MAV:L/MAC:L/MAT:N/MPR:X/MUI:N/MVC:H/MVI:H/MVA:X/MSC:L/MSI:H/MSA:H/S:N/AU:X/R:X/V:X/RE:X/U:Green`,
    score: 8.7,
  },
];

/**
 * Invalid vectors from the same FIRST reference set, with the metric FIRST's calculator names in its
 * error ("missing mandatory metrics: X", or the prefix).
 */
export const CVSS40_INVALID_EXAMPLES: readonly { vector: string; metric: string }[] = [
  // "metric out of sequence" (an empty metric name); FIRST names no metric, we name the bad part.
  { vector: "CVSS:4.0/AV:N/AC:L/:N/PR:H/UI:P/VC:L/VI:N/VA:L/SC:L/SI:L/SA:N", metric: ":N" },
  { vector: "CVSS:4.0/:A/AC:H/AT:N/PR:L/UI:P/VC:N/VI:L/VA:L/SC:L/SI:H/SA:H", metric: ":A" },
  { vector: "CVSS:4.0/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:H/SI:L/SA:H/E:U", metric: "AV" },
  { vector: "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:H/VI:L/VA:H/SC:N/SI:N/E:X", metric: "SA" },
  { vector: "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:H/SC:L/SI:H/SA:H/E:U", metric: "VA" },
  { vector: "CVSS:4.0/AV:P/AT:N/PR:L/UI:N/VC:L/VI:H/VA:N/SC:L/SI:L/SA:H/E:U", metric: "AC" },
  { vector: "CVSS:4.0/AV:P/AC:L/AT:P/UI:P/VC:N/VI:N/VA:L/SC:L/SI:H/SA:L/E:U", metric: "PR" },
  { vector: "CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SI:N/SA:N/E:P", metric: "SC" },
  { vector: "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:L/E:U", metric: "UI" },
  { vector: "CVSS:4.0/AV:L/AC:H/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:L/SA:H/E:A", metric: "AT" },
  { vector: "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:P/VC:N/VI:H/VA:L/SC:L/SA:H/E:A", metric: "SI" },
  { vector: "CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:A/VI:N/VA:N/SC:H/SI:N/SA:L/E:X", metric: "VC" },
  { vector: "CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:P/VC:H/VA:H/SC:L/SI:L/SA:H/E:P", metric: "VI" },
  { vector: "AV:A/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:H/SC:H/SI:H/SA:L/E:A", metric: "CVSS" },
  { vector: "AV:N/AC:L/AT:P/PR:L/UI:A/VC:H/VI:L/VA:N/SC:H/SI:H/SA:L/E:U", metric: "CVSS" },
];
