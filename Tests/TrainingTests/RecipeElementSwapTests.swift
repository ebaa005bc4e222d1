import Atoms
import Foundation
import TestSupport
import Training
import XCTest

/// Each element's shipped training recipe works for another element when only its data files
/// are changed (the issue's "pointed at another element's data by changing the element and the
/// file"): the recipe with its data, test and out lines swapped reads, resolves to the other
/// element's mlearn files, and gives that element's SNAP settings with everything else as the
/// recipe has it. (A fit itself takes minutes in a debug build.)
final class RecipeElementSwapTests: XCTestCase {
    func testEachRecipeReadsWithAnotherElementsData() throws {
        for (element, other) in [("Cu", "Ni"), ("Ni", "Mo"), ("Mo", "Cu")] {
            let original = try TrainingRecipe(path: Fixtures.root.appendingPathComponent("recipes/train-\(element)-qsnap.recipe").path)
            let text = try String(contentsOfFile: original.path, encoding: .utf8)
            let dir = Fixtures.temporaryDirectory()
            var swapped: [String] = [], replaced = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let key = line.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? ""
                if ["data", "test", "out"].contains(key) {
                    swapped.append(line.replacingOccurrences(of: "/\(element)/", with: "/\(other)/")
                        .replacingOccurrences(of: "\(element)-qsnap", with: "\(other)-qsnap")
                        .replacingOccurrences(of: "= ../", with: "= \(Fixtures.root.path)/"))
                    replaced += 1
                } else {
                    swapped.append(String(line))
                }
            }
            XCTAssertEqual(replaced, 3, "train-\(element)-qsnap: data, test and out lines")
            let path = dir.appendingPathComponent("swapped.recipe").path
            try swapped.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let recipe = try TrainingRecipe(path: path)
            XCTAssertEqual(recipe.data, [Fixtures.reference("dft/\(other)/train.extxyz")])
            XCTAssertEqual(recipe.test, Fixtures.reference("dft/\(other)/test.extxyz"))
            XCTAssertEqual(recipe.model, "qsnap")
            // The other element's data (its first structure) is that element, and the recipe's settings take it.
            let first = try TextFile(path: recipe.data[0]).lines[2]
            XCTAssertEqual(first.split(separator: " ").first.map(String.init), other)
            let settings = try recipe.snapSettings(species: [Element(symbol: other)!], quadratic: true)
            let mine = try original.snapSettings(species: [Element(symbol: element)!], quadratic: true)
            XCTAssertEqual(settings.parameters.species.map(\.symbol), [other])
            XCTAssertEqual(settings.parameters.twojmax, mine.parameters.twojmax)
            XCTAssertEqual(settings.parameters.rcutfac, mine.parameters.rcutfac)
            XCTAssertEqual(settings.energyWeight, mine.energyWeight)
            XCTAssertEqual(settings.ridge, mine.ridge)
            XCTAssertNoThrow(try settings.check())
        }
    }
}
