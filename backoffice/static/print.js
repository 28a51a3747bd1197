/* The "Cetak" button of printed documents (no inline handler: see the CSP). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
