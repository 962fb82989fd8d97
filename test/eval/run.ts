// npm run eval: each question's result, the first message when it fails, and the totals.
import { createPipeline, evaluate, loadQuestions, QUESTION_FILES } from "./pipeline.js";

const pipeline = await createPipeline();
let failed = 0;
for (const file of QUESTION_FILES) {
  const results = await evaluate(pipeline, loadQuestions(file));
  console.log(`\n# ${file}`);
  for (const result of results) {
    console.log(`${result.passed ? "PASS" : "FAIL"} ${result.id} ${result.question}`);
    if (!result.passed) {
      if (result.missing.length) console.log(`     missing: ${result.missing.join(", ")}`);
      if (result.forbidden.length) console.log(`     forbidden: ${result.forbidden.join(", ")}`);
      console.log(result.text.replace(/^/gm, "     | "));
    }
  }
  const passed = results.filter((r) => r.passed).length;
  failed += results.length - passed;
  console.log(`${file}: ${passed}/${results.length} passed`);
}
process.exitCode = failed > 0 ? 1 : 0;
