// Loaded in <head> without defer: the "js" class is there before the first paint, so the phone menu never flashes open.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const knop = document.querySelector("[data-menuknop]");
  const paneel = knop && document.getElementById(knop.getAttribute("aria-controls"));
  if (!paneel) return;
  const zet = (open) => {
    knop.setAttribute("aria-expanded", String(open));
    paneel.classList.toggle("open", open);
  };
  knop.hidden = false;
  knop.addEventListener("click", () => zet(knop.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && paneel.classList.contains("open")) {
      zet(false);
      knop.focus();
    }
  });
});
