// The live updates screen: a deleted update, or ended coverage, asks first.
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  if (event.target.matches("[data-delete-update]") &&
      !window.confirm("Delete this update? Readers stop seeing it within seconds.")) {
    event.preventDefault();
  } else if (submitter && submitter.matches("[data-end-coverage]") &&
      !window.confirm("End the coverage? The page becomes an archive and stops updating for readers.")) {
    event.preventDefault();
  }
});
