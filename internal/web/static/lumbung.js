// The print button of a receipt; everything else works without script.
document.addEventListener("DOMContentLoaded", function () {
  var b = document.getElementById("print");
  if (b) { b.addEventListener("click", function () { window.print(); }); }
});
