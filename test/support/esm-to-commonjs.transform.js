import ts from 'typescript';

/**
 * Jest transformer: compiles an ES module of node_modules to CommonJS. Used only on Node lines where
 * Jest cannot require() an ES module (below 24.9; see jest.config.js).
 */
export default {
  /**
   * @param {string} sourceText
   * @param {string} sourcePath
   */
  process(sourceText, sourcePath) {
    const { outputText } = ts.transpileModule(sourceText, {
      fileName: sourcePath,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
      },
    });
    return { code: outputText };
  },
};
