//! The descriptions of exempt information: Local Government Act 1972, Schedule 12A, Part 1
//! ("Descriptions of exempt information: England"), quoted from legislation.gov.uk. An exempt
//! item is published by its title, its paragraph and that paragraph's description, with the
//! public-interest reason when the report gives one, and nothing else.

/// Where the descriptions are quoted from.
pub const SOURCE: &str = "https://www.legislation.gov.uk/ukpga/1972/70/schedule/12A/part/1";

/// One paragraph of Part 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    pub number: u8,
    pub description: &'static str,
}

/// The seven paragraphs of Part 1, in order.
pub const PARAGRAPHS: [Paragraph; 7] = [
    Paragraph {
        number: 1,
        description: "Information relating to any individual.",
    },
    Paragraph {
        number: 2,
        description: "Information which is likely to reveal the identity of an individual.",
    },
    Paragraph {
        number: 3,
        description: "Information relating to the financial or business affairs of any \
                      particular person (including the authority holding that information).",
    },
    Paragraph {
        number: 4,
        description: "Information relating to any consultations or negotiations, or \
                      contemplated consultations or negotiations, in connection with any labour \
                      relations matter arising between the authority or a Minister of the Crown \
                      and employees of, or office holders under, the authority.",
    },
    Paragraph {
        number: 5,
        description: "Information in respect of which a claim to legal professional privilege \
                      could be maintained in legal proceedings.",
    },
    Paragraph {
        number: 6,
        description: "Information which reveals that the authority proposes (a) to give under \
                      any enactment a notice under or by virtue of which requirements are \
                      imposed on a person; or (b) to make an order or direction under any \
                      enactment.",
    },
    Paragraph {
        number: 7,
        description: "Information relating to any action taken or to be taken in connection \
                      with the prevention, investigation or prosecution of crime.",
    },
];

/// The paragraph numbered `number`, if Part 1 has one.
pub fn paragraph(number: u8) -> Option<Paragraph> {
    PARAGRAPHS.iter().copied().find(|p| p.number == number)
}

/// The description of paragraph `number`, if Part 1 has one.
pub fn description(number: u8) -> Option<&'static str> {
    paragraph(number).map(|p| p.description)
}

/// "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972".
pub fn citation(number: u8) -> String {
    format!("paragraph {number} of Part 1 of Schedule 12A to the Local Government Act 1972")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_seven_paragraphs_numbered_one_to_seven() {
        for (index, paragraph) in PARAGRAPHS.iter().enumerate() {
            assert_eq!(usize::from(paragraph.number), index + 1);
            assert!(paragraph.description.starts_with("Information "));
            assert!(paragraph.description.ends_with('.'));
            assert!(!paragraph.description.contains("  "));
        }
        assert_eq!(paragraph(0), None);
        assert_eq!(paragraph(8), None);
    }

    #[test]
    fn paragraph_three_is_financial_or_business_affairs() {
        assert_eq!(
            description(3),
            Some(
                "Information relating to the financial or business affairs of any particular \
                 person (including the authority holding that information)."
            )
        );
        assert_eq!(
            citation(3),
            "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
        );
    }
}
