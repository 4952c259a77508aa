// Placeholder until the page lands (issue #9): replaced, never shipped as it is.
export default function VerificationPage() {
  return null;
}
