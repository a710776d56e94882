// Print buttons need JavaScript, so they stay hidden until it runs; the browser's own print command always works.
document.querySelectorAll("[data-afdrukken]").forEach((knop) => {
  knop.hidden = false;
  knop.addEventListener("click", () => window.print());
});
