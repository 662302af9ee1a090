// Recovery codes, shown once: a print button and a copy button (for a password manager).
// Without script, the page still offers them as a text file to download.
for (const button of document.querySelectorAll("[data-recovery-codes-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
for (const button of document.querySelectorAll("[data-recovery-codes-copy]")) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const codes = [...document.querySelectorAll("[data-recovery-code]")].map((code) =>
      code.textContent.trim(),
    );
    await navigator.clipboard.writeText(codes.join("\n") + "\n");
    button.textContent = "Copied";
  });
}
