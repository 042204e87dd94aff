// Imported first by the tests of the window kernels: windows on lines of any length
// (CUPYTS_TOPK_LINE_FACTOR=0, src/ir/topk-plan.ts), so that short lines exercise every list
// size quickly. Read when src/ir/topk-plan.ts loads, hence imported before the library. The rule
// itself is tested in test/unit/topk-worth.test.ts.
process.env.CUPYTS_TOPK_LINE_FACTOR = '0';
