// Typeset the math of a chapter once KaTeX has loaded. Chapters write inline math as
// \\( … \\) and display math as $$ … $$ or \\[ … \\] (Markdown eats one backslash).
document.addEventListener("DOMContentLoaded", function () {
  renderMathInElement(document.querySelector("main") || document.body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false },
    ],
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
    throwOnError: false,
  });
});
